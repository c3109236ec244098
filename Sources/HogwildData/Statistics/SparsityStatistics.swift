import HogwildSupport

/// The paper's sparsity statistics of a hypergraph, and the degree skew that decides
/// whether hot coordinates will limit HOGWILD!'s scaling.
///
/// - Ω = max |e|, the most vertices one term touches;
/// - Δ = max_v deg(v) / |E|, the share of terms touching the busiest vertex;
/// - ρ = max_e |{e′ ≠ e : e′ ∩ e ≠ ∅}| / |E|, the share of other terms the most
///   entangled term collides with.
///
/// Ω and Δ are always exact. ρ is exact for graphs (Ω ≤ 2: ratings, cut edges), where
/// a term (a, b) meets deg(a) + deg(b) − 1 − mult(a, b) others, and for hypergraphs
/// whose exact count, Σ_v deg(v)², fits the work budget; otherwise it is estimated: the candidate terms most likely to
/// attain the maximum (largest Σ deg) are each tested against random other terms, and
/// the estimate comes with a 95% half-width. It is never reported below Δ − 1/|E|,
/// which is a true lower bound.
///
/// ```swift
/// let stats = SparsityStatistics(of: data)
/// print(stats.omega, stats.delta, stats.rho, stats.rhoIsExact)
/// ```
public struct SparsityStatistics: Sendable, Equatable, Codable {
    public var terms: Int
    public var vertices: Int
    /// Σ_e |e|: non-zeros for a CSR dataset.
    public var incidences: Int
    public var omega: Int
    public var delta: Double
    public var rho: Double
    public var rhoIsExact: Bool
    /// 95% half-width of an estimated ρ (0 when exact).
    public var rhoError: Double
    /// The largest vertex degree.
    public var maxDegree: Int
    /// Share of all incidences that fall on the top 1% of vertices by degree.
    public var topOnePercentIncidenceShare: Double
    /// Share of terms that touch at least one vertex of the top 1%.
    public var topOnePercentTermShare: Double

    /// The statistics of a dense problem: every one of `terms` terms touches all
    /// `vertices` coordinates (a neural network's minibatch), so Ω = n, Δ = ρ = 1.
    public static func dense(terms: Int, vertices: Int) -> SparsityStatistics {
        SparsityStatistics(
            terms: terms, vertices: vertices, incidences: terms * vertices, omega: vertices, delta: 1,
            rho: terms > 1 ? 1 : 0, rhoIsExact: true, rhoError: 0, maxDegree: terms,
            topOnePercentIncidenceShare: 0.01, topOnePercentTermShare: 1)
    }

    init(
        terms: Int, vertices: Int, incidences: Int, omega: Int, delta: Double, rho: Double, rhoIsExact: Bool,
        rhoError: Double,
        maxDegree: Int, topOnePercentIncidenceShare: Double, topOnePercentTermShare: Double
    ) {
        self.terms = terms
        self.vertices = vertices
        self.incidences = incidences
        self.omega = omega
        self.delta = delta
        self.rho = rho
        self.rhoIsExact = rhoIsExact
        self.rhoError = rhoError
        self.maxDegree = maxDegree
        self.topOnePercentIncidenceShare = topOnePercentIncidenceShare
        self.topOnePercentTermShare = topOnePercentTermShare
    }

    /// Computes the statistics. `budget` caps the exact ρ computation (vertex-degree
    /// work units); `samples` is the number of random terms per candidate otherwise.
    public init<H: Hypergraph>(of graph: H, budget: Int = 300_000_000, samples: Int = 4_000, seed: UInt64 = 1) {
        let n = graph.termCount
        terms = n
        vertices = graph.vertexCount
        var degree = [Int32](repeating: 0, count: graph.vertexCount)
        var offsets = [Int](repeating: 0, count: n + 1)
        var flat: [Int32] = []
        var scratch: [Int32] = []
        var omega = 0
        for e in 0..<n {
            scratch.removeAll(keepingCapacity: true)
            graph.appendVertices(of: e, to: &scratch)
            omega = max(omega, scratch.count)
            for v in scratch { degree[Int(v)] += 1 }
            flat.append(contentsOf: scratch)
            offsets[e + 1] = flat.count
        }
        self.omega = omega
        incidences = flat.count
        let maxDegree = Int(degree.max() ?? 0)
        self.maxDegree = maxDegree
        delta = n > 0 ? Double(maxDegree) / Double(n) : 0

        // Degree skew: the top 1% of vertices (at least one).
        let top = max(1, graph.vertexCount / 100)
        let threshold = degree.sorted(by: >).dropFirst(top - 1).first ?? 0
        var hot = [Bool](repeating: false, count: graph.vertexCount)
        var hotSlots = top
        for v in 0..<graph.vertexCount where degree[v] > threshold {
            hot[v] = true
            hotSlots -= 1
        }
        for v in 0..<graph.vertexCount where degree[v] == threshold && hotSlots > 0 && threshold > 0 {
            hot[v] = true
            hotSlots -= 1
        }
        var hotIncidences = 0, hotTerms = 0
        for e in 0..<n {
            var touches = false
            for k in offsets[e]..<offsets[e + 1] where hot[Int(flat[k])] {
                hotIncidences += 1
                touches = true
            }
            if touches { hotTerms += 1 }
        }
        topOnePercentIncidenceShare = flat.isEmpty ? 0 : Double(hotIncidences) / Double(flat.count)
        topOnePercentTermShare = n > 0 ? Double(hotTerms) / Double(n) : 0

        let work = degree.reduce(0) { $0 + Int($1) * Int($1) }
        if omega <= 2 {
            (rho, rhoIsExact, rhoError) = (Self.graphRho(n: n, offsets: offsets, flat: flat, degree: degree), true, 0)
        } else if work <= budget {
            (rho, rhoIsExact, rhoError) = (Self.exactRho(n: n, offsets: offsets, flat: flat, degree: degree), true, 0)
        } else {
            let (estimate, error) = Self.sampledRho(
                n: n, offsets: offsets, flat: flat, degree: degree,
                samples: samples, seed: seed)
            let floor = n > 1 ? Double(maxDegree - 1) / Double(n) : 0
            (rho, rhoIsExact, rhoError) = (max(estimate, floor), false, error)
        }
    }

    /// ρ of a graph: a term {a, b} meets deg(a) + deg(b) − 1 − mult(a, b) other terms,
    /// mult counting the terms on the same pair (itself included); a term {a} meets
    /// deg(a) − 1.
    static func graphRho(n: Int, offsets: [Int], flat: [Int32], degree: [Int32]) -> Double {
        guard n > 1 else { return 0 }
        var pairs: [UInt64] = []
        pairs.reserveCapacity(n)
        for e in 0..<n where offsets[e + 1] - offsets[e] == 2 {
            pairs.append(UInt64(UInt32(flat[offsets[e]])) << 32 | UInt64(UInt32(flat[offsets[e] + 1])))
        }
        pairs.sort()
        var best = 0
        var i = 0
        while i < pairs.count {
            var j = i
            while j < pairs.count, pairs[j] == pairs[i] { j += 1 }
            let a = Int(pairs[i] >> 32), b = Int(pairs[i] & 0xFFFF_FFFF)
            best = max(best, Int(degree[a]) + Int(degree[b]) - 1 - (j - i))
            i = j
        }
        for e in 0..<n where offsets[e + 1] - offsets[e] == 1 {
            best = max(best, Int(degree[Int(flat[offsets[e]])]) - 1)
        }
        return Double(best) / Double(n)
    }

    /// Counts, for every term, the distinct other terms sharing a vertex (posting lists
    /// and a stamp array).
    static func exactRho(n: Int, offsets: [Int], flat: [Int32], degree: [Int32]) -> Double {
        guard n > 1 else { return 0 }
        let postings = Self.postings(n: n, offsets: offsets, flat: flat, degree: degree)
        var stamp = [Int32](repeating: -1, count: n)
        var best = 0
        for e in 0..<n {
            var count = 0
            for k in offsets[e]..<offsets[e + 1] {
                let v = Int(flat[k])
                for p in postings.offsets[v]..<postings.offsets[v + 1] {
                    let other = Int(postings.terms[p])
                    if other != e, stamp[other] != Int32(truncatingIfNeeded: e) {
                        stamp[other] = Int32(truncatingIfNeeded: e)
                        count += 1
                    }
                }
            }
            best = max(best, count)
        }
        return Double(best) / Double(n)
    }

    static func postings(n: Int, offsets: [Int], flat: [Int32], degree: [Int32]) -> (offsets: [Int], terms: [Int32]) {
        var start = [Int](repeating: 0, count: degree.count + 1)
        for v in 0..<degree.count { start[v + 1] = start[v] + Int(degree[v]) }
        var fill = start
        var terms = [Int32](repeating: 0, count: flat.count)
        for e in 0..<n {
            for k in offsets[e]..<offsets[e + 1] {
                let v = Int(flat[k])
                terms[fill[v]] = Int32(truncatingIfNeeded: e)
                fill[v] += 1
            }
        }
        return (start, terms)
    }

    /// Tests the candidate terms with the largest Σ deg (and a few random ones)
    /// against `samples` random other terms each.
    static func sampledRho(
        n: Int, offsets: [Int], flat: [Int32], degree: [Int32], samples: Int,
        seed: UInt64
    ) -> (Double, Double) {
        guard n > 1 else { return (0, 0) }
        var rng = Xoshiro256(seed: seed)
        func load(_ e: Int) -> Int { (offsets[e]..<offsets[e + 1]).reduce(0) { $0 + Int(degree[Int(flat[$1])]) } }
        var candidates = (0..<n).map { ($0, load($0)) }.sorted { $0.1 > $1.1 }.prefix(8).map(\.0)
        for _ in 0..<4 { candidates.append(rng.next(below: n)) }
        var mark = [Bool](repeating: false, count: degree.count)
        var best = (0.0, 0.0)
        for e in candidates {
            for k in offsets[e]..<offsets[e + 1] { mark[Int(flat[k])] = true }
            var hits = 0
            for _ in 0..<samples {
                var other = rng.next(below: n - 1)
                if other >= e { other += 1 }
                if (offsets[other]..<offsets[other + 1]).contains(where: { mark[Int(flat[$0])] }) { hits += 1 }
            }
            for k in offsets[e]..<offsets[e + 1] { mark[Int(flat[k])] = false }
            let p = Double(hits) / Double(samples)
            let estimate = p * Double(n - 1) / Double(n)
            if estimate > best.0 { best = (estimate, 1.96 * (p * (1 - p) / Double(samples)).squareRoot()) }
        }
        return best
    }
}
