import HogwildCore

/// Synthetic cut problems with the structure of the paper's two graph-cut instances.
///
/// - ``abdomen(scale:seed:)``: a 3-D grid (512 × 512 × 551 voxels at scale 1, each side
///   multiplied by the cube root of `scale`), 6-connected, with capacities ≤ 10 — an
///   image-segmentation two-way cut. A hidden ellipsoid is the "organ": neighbour
///   capacities are high inside regions and low across its boundary, and a seed voxel
///   layer at each end of the volume is fixed to the two terminals.
/// - ``dblife(scale:seed:)``: a multiway entity-resolution graph, 180,110 mention nodes
///   at scale 1 grouped into hidden entities with power-law sizes; edges link mentions
///   of the same entity (strong) and, less often, of different ones (weak), and about
///   a third of the mentions also link to their entity's canonical mention, which
///   makes the hubs that give the real graph its Δ; one mention of each of the
///   `labels` biggest entities is a terminal. (DBLife's own instance has 18,167 entity
///   terminals with sparse candidate sets; a dense simplex per node needs few labels.)
///
/// ```swift
/// let graph = try CutShape.abdomen(scale: 1e-4).generate()   // 24 × 24 × 25 voxels
/// ```
public struct CutShape: Sendable, Equatable {
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

    public static func abdomen(scale: Double, seed: UInt64 = 1) -> CutShape {
        let side = _pow(max(scale, 1e-12), 1.0 / 3)
        return CutShape(kind: .grid(x: max(3, Int(512 * side)), y: max(3, Int(512 * side)), z: max(3, Int(551 * side))), seed: seed)
    }

    public static func dblife(scale: Double, labels: Int = 8, seed: UInt64 = 1) -> CutShape {
        CutShape(kind: .entities(mentions: max(labels * 4, Int(180_110 * scale)), labels: labels), seed: seed)
    }

    public func generate() throws(DatasetError) -> CutGraph {
        switch kind {
        case .grid(let x, let y, let z): return try grid(x, y, z)
        case .entities(let mentions, let labels): return try entities(mentions, labels)
        }
    }

    func grid(_ nx: Int, _ ny: Int, _ nz: Int) throws(DatasetError) -> CutGraph {
        guard nx >= 3, ny >= 3, nz >= 3, nx * ny * nz <= Int(Int32.max) else {
            throw .invalidArgument(name: "grid size", value: "\(nx)×\(ny)×\(nz)", expected: "each side ≥ 3, at most 2³¹ voxels")
        }
        var rng = Xoshiro256(seed: seed)
        func index(_ i: Int, _ j: Int, _ k: Int) -> Int { (k * ny + j) * nx + i }
        func inside(_ i: Int, _ j: Int, _ k: Int) -> Bool {
            let a = (Double(i) / Double(nx - 1) - 0.5) / 0.3
            let b = (Double(j) / Double(ny - 1) - 0.5) / 0.25
            let c = (Double(k) / Double(nz - 1) - 0.5) / 0.35
            return a * a + b * b + c * c < 1
        }
        let n = nx * ny * nz
        var labels = [Int32](repeating: -1, count: n)
        let sources = GrowableBuffer<Int32>(capacity: 3 * n), targets = GrowableBuffer<Int32>(capacity: 3 * n)
        let weights = GrowableBuffer<Float>(capacity: 3 * n)
        for k in 0..<nz {
            for j in 0..<ny {
                for i in 0..<nx {
                    let v = index(i, j, k)
                    let here = inside(i, j, k)
                    // Seeds: the organ's centre and the volume's outer shell.
                    if i == nx / 2 && j == ny / 2 && abs(k - nz / 2) <= max(1, nz / 10) { labels[v] = 1 }
                    if i == 0 || j == 0 || i == nx - 1 || j == ny - 1 { labels[v] = 0 }
                    for (di, dj, dk) in [(1, 0, 0), (0, 1, 0), (0, 0, 1)] {
                        let (a, b, c) = (i + di, j + dj, k + dk)
                        guard a < nx, b < ny, c < nz else { continue }
                        let same = inside(a, b, c) == here
                        let capacity = same ? 5 + 5 * rng.nextUnitFloat() : 0.1 + 0.9 * rng.nextUnitFloat()
                        sources.append(Int32(v))
                        targets.append(Int32(index(a, b, c)))
                        weights.append(min(10, capacity))
                    }
                }
            }
        }
        return try CutGraph(nodeCount: n, labelCount: 2, sources: sources.take(), targets: targets.take(),
                            weights: weights.take(), terminalLabels: OwnedBuffer(labels), nodeIDs: nil)
    }

    func entities(_ mentions: Int, _ labelCount: Int) throws(DatasetError) -> CutGraph {
        guard labelCount >= 2, mentions >= labelCount * 2, mentions <= Int(Int32.max) else {
            throw .invalidArgument(name: "entity graph", value: "\(mentions) mentions, \(labelCount) labels",
                                   expected: "≥ 2 labels and ≥ 2 mentions per label")
        }
        var rng = Xoshiro256(seed: seed)
        // Hidden entities with Zipf-sized mention groups (about 10 mentions each on average).
        let entityCount = max(labelCount, mentions / 10)
        let sizes = AliasTable.zipf(count: entityCount, exponent: 0.9)
        var entityOf = [Int32](repeating: 0, count: mentions)
        var members = [[Int32]](repeating: [], count: entityCount)
        for m in 0..<mentions {
            let e = m < entityCount ? m : sizes.sample(using: &rng)
            entityOf[m] = Int32(e)
            members[e].append(Int32(m))
        }
        let sources = GrowableBuffer<Int32>(), targets = GrowableBuffer<Int32>(), weights = GrowableBuffer<Float>()
        for m in 0..<mentions {
            let group = members[Int(entityOf[m])]
            // ~3 edges to mentions of the same entity, ~1 to a random other mention.
            if group.count > 1 {
                for _ in 0..<3 {
                    let other = Int(group[rng.next(below: group.count)])
                    if other != m {
                        sources.append(Int32(m)); targets.append(Int32(other))
                        weights.append(1 + rng.nextUnitFloat())
                    }
                }
            }
            let other = rng.next(below: mentions)
            if other != m {
                sources.append(Int32(m)); targets.append(Int32(other))
                weights.append(0.1 + 0.4 * rng.nextUnitFloat())
            }
            // The canonical mention (the entity's first) is a hub.
            let canonical = Int(group[0])
            if canonical != m, rng.nextUnitFloat() < 0.3 {
                sources.append(Int32(m)); targets.append(Int32(canonical))
                weights.append(1 + rng.nextUnitFloat())
            }
        }
        // Terminals: a non-canonical mention of each of the `labelCount` largest
        // entities (the hubs stay free, as in the real graph).
        let largest = (0..<entityCount).sorted { members[$0].count > members[$1].count }.prefix(labelCount)
        var labels = [Int32](repeating: -1, count: mentions)
        for (label, e) in largest.enumerated() { labels[Int(members[e][members[e].count > 1 ? 1 : 0])] = Int32(label) }
        return try CutGraph(nodeCount: mentions, labelCount: labelCount, sources: sources.take(),
                            targets: targets.take(), weights: weights.take(), terminalLabels: OwnedBuffer(labels),
                            nodeIDs: nil)
    }
}
