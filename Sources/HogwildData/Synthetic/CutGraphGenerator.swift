import HogwildPlatform
import HogwildSupport

/// Synthetic cut problems with the structure of the paper's two graph-cut instances.
///
/// - ``abdomen(scale:seed:)``: image segmentation as a two-way cut. A 3-D grid (512 ×
///   512 × 551 voxels at scale 1, each side multiplied by the cube root of `scale`),
///   6-connected, plus two terminal nodes. A hidden ellipsoid is the "organ"; each
///   voxel has a noisy intensity, a t-link to each terminal weighted by how well the
///   intensity fits that side (the data term), and n-links to its neighbours weighted
///   by intensity similarity (contrast-sensitive smoothing, Boykov–Jolly style). All
///   capacities lie in (0, 10].
/// - ``dblife(scale:seed:)``: entity resolution as a multiway cut. 180,110 mention
///   nodes at scale 1, grouped into hidden entities with power-law sizes, each entity
///   belonging to one of `labels` terminals. Every mention has evidence edges to one to
///   three terminals (mostly its own), edges to mentions of the same entity (strong),
///   to random mentions (weak), and — for about a third — to its entity's canonical
///   mention, the hubs that give the real graph its Δ. (DBLife's own instance has
///   18,167 entity terminals with sparse candidate sets; a dense simplex per node
///   needs few labels, so entities share the `labels` terminals here.)
///
/// Terminals are extra nodes at the end, fixed to their labels.
///
/// ```swift
/// let graph = try CutGraphGenerator.abdomen(scale: 1e-4).generate()   // 24 × 24 × 25 voxels
/// ```
public struct CutGraphGenerator: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case grid(x: Int, y: Int, z: Int)
        case entities(mentions: Int, labels: Int)
    }

    public var kind: Kind
    public var seed: UInt64

    public init(kind: Kind, seed: UInt64 = 1) {
        self.kind = kind
        self.seed = seed
    }

    public static func abdomen(scale: Double, seed: UInt64 = 1) -> CutGraphGenerator {
        let side = _pow(max(scale, 1e-12), 1.0 / 3)
        return CutGraphGenerator(
            kind: .grid(x: max(3, Int(512 * side)), y: max(3, Int(512 * side)), z: max(3, Int(551 * side))), seed: seed)
    }

    public static func dblife(scale: Double, labels: Int = 8, seed: UInt64 = 1) -> CutGraphGenerator {
        CutGraphGenerator(kind: .entities(mentions: max(labels * 4, Int(180_110 * scale)), labels: labels), seed: seed)
    }

    public func generate() throws(DatasetError) -> CutGraph { try generate(part: .whole) }

    /// Part `part` of the graph's edges over all its nodes and terminals: the edges of a
    /// contiguous range of its voxels (mentions), as a distributed job's rank makes its
    /// share without holding the rest — the random stream is walked whole (every rank
    /// draws the same graph), only the part's edges are kept. The parts' edges are the
    /// whole graph's, each once.
    ///
    /// ```swift
    /// let mine = try CutGraphGenerator.dblife(scale: 1).generate(part: DataShard(index: rank, count: ranks)!)
    /// ```
    public func generate(part: DataShard) throws(DatasetError) -> CutGraph {
        switch kind {
        case .grid(let x, let y, let z): return try grid(x, y, z, part: part)
        case .entities(let mentions, let labels): return try entities(mentions, labels, part: part)
        }
    }

    func grid(_ nx: Int, _ ny: Int, _ nz: Int, part: DataShard) throws(DatasetError) -> CutGraph {
        guard nx >= 3, ny >= 3, nz >= 3, nx * ny * nz + 2 <= Int(Int32.max) else {
            throw .invalidArgument(
                name: "grid size", value: "\(nx)×\(ny)×\(nz)", expected: "each side ≥ 3, under 2³¹ voxels")
        }
        var rng = Xoshiro256(seed: seed)
        func index(_ i: Int, _ j: Int, _ k: Int) -> Int { (k * ny + j) * nx + i }
        let n = nx * ny * nz
        // Noisy intensities: ~0.7 inside the ellipsoid, ~0.3 outside.
        var intensity = [Float](repeating: 0, count: n)
        for k in 0..<nz {
            for j in 0..<ny {
                for i in 0..<nx {
                    let a = (Double(i) / Double(nx - 1) - 0.5) / 0.3
                    let b = (Double(j) / Double(ny - 1) - 0.5) / 0.25
                    let c = (Double(k) / Double(nz - 1) - 0.5) / 0.35
                    let inside = a * a + b * b + c * c < 1
                    intensity[index(i, j, k)] = Float((inside ? 0.7 : 0.3) + 0.15 * rng.nextGaussian())
                }
            }
        }
        let background = Int32(n), organ = Int32(n + 1)
        let mine = part.range(of: n)
        let sources = GrowableBuffer<Int32>(capacity: 5 * mine.count)
        let targets = GrowableBuffer<Int32>(capacity: 5 * mine.count)
        let weights = GrowableBuffer<Float>(capacity: 5 * mine.count)
        func edge(_ u: Int32, _ v: Int32, _ w: Float) {
            sources.append(u)
            targets.append(v)
            weights.append(min(10, max(0.01, w)))
        }
        for k in 0..<nz {
            for j in 0..<ny {
                for i in 0..<nx {
                    let v = index(i, j, k)
                    guard mine.contains(v) else { continue }  // no draws here: nothing to walk past
                    let p = min(1, max(0, (intensity[v] - 0.3) / 0.4))  // 0 background … 1 organ
                    edge(Int32(v), organ, 2 * p)
                    edge(Int32(v), background, 2 * (1 - p))
                    for (di, dj, dk) in [(1, 0, 0), (0, 1, 0), (0, 0, 1)] {
                        let (a, b, c) = (i + di, j + dj, k + dk)
                        guard a < nx, b < ny, c < nz else { continue }
                        let u = index(a, b, c)
                        let d = intensity[v] - intensity[u]
                        edge(Int32(v), Int32(u), 0.2 + 2 * Float(_exp(-Double(d * d) / (2 * 0.1 * 0.1))))
                    }
                }
            }
        }
        var labels = [Int32](repeating: -1, count: n + 2)
        labels[n] = 0
        labels[n + 1] = 1
        return try CutGraph(
            nodeCount: n + 2, labelCount: 2, sources: sources.take(), targets: targets.take(),
            weights: weights.take(), terminalLabels: OwnedBuffer(labels), nodeIDs: nil)
    }

    func entities(_ mentions: Int, _ labelCount: Int, part: DataShard) throws(DatasetError) -> CutGraph {
        guard labelCount >= 2, mentions >= labelCount * 2, mentions + labelCount <= Int(Int32.max) else {
            throw .invalidArgument(
                name: "entity graph", value: "\(mentions) mentions, \(labelCount) labels",
                expected: "≥ 2 labels and ≥ 2 mentions per label")
        }
        var rng = Xoshiro256(seed: seed)
        // Hidden entities with Zipf-sized mention groups (about 10 mentions each on
        // average), each entity belonging to one terminal.
        let entityCount = max(labelCount, mentions / 10)
        let sizes = AliasTable.zipf(count: entityCount, exponent: 0.9)
        let entityLabel = (0..<entityCount).map { _ in Int32(rng.next(below: labelCount)) }
        var entityOf = [Int32](repeating: 0, count: mentions)
        var members = [[Int32]](repeating: [], count: entityCount)
        for m in 0..<mentions {
            let e = m < entityCount ? m : sizes.sample(using: &rng)
            entityOf[m] = Int32(e)
            members[e].append(Int32(m))
        }
        let sources = GrowableBuffer<Int32>(), targets = GrowableBuffer<Int32>(), weights = GrowableBuffer<Float>()
        let mine = part.range(of: mentions)
        func edge(_ u: Int, _ v: Int, _ w: Float) {
            // Every mention's draws are made (the stream is the whole graph's); only the
            // part's edges are kept.
            guard mine.contains(u) else { return }
            sources.append(Int32(u))
            targets.append(Int32(v))
            weights.append(w)
        }
        for m in 0..<mentions {
            let entity = Int(entityOf[m])
            let group = members[entity]
            // Evidence: an edge to the entity's own terminal, and now and then a wrong one.
            edge(m, mentions + Int(entityLabel[entity]), 0.5 + rng.nextUnitFloat())
            for _ in 0..<rng.next(below: 3) {
                edge(m, mentions + rng.next(below: labelCount), 0.3 * rng.nextUnitFloat() + 0.05)
            }
            // Mentions of the same entity (strong), a random mention (weak), the hub.
            if group.count > 1 {
                for _ in 0..<3 {
                    let other = Int(group[rng.next(below: group.count)])
                    if other != m { edge(m, other, 1 + rng.nextUnitFloat()) }
                }
            }
            let other = rng.next(below: mentions)
            if other != m { edge(m, other, 0.1 + 0.4 * rng.nextUnitFloat()) }
            let canonical = Int(group[0])
            if canonical != m, rng.nextUnitFloat() < 0.3 { edge(m, canonical, 1 + rng.nextUnitFloat()) }
        }
        var labels = [Int32](repeating: -1, count: mentions + labelCount)
        for t in 0..<labelCount { labels[mentions + t] = Int32(t) }
        return try CutGraph(
            nodeCount: mentions + labelCount, labelCount: labelCount, sources: sources.take(),
            targets: targets.take(), weights: weights.take(), terminalLabels: OwnedBuffer(labels),
            nodeIDs: nil)
    }
}

func _exp(_ x: Double) -> Double { exp(x) }
