import HogwildSupport

/// A weighted graph for multiway cuts: nodes, some fixed to a terminal label, and
/// edges (u, v, w) with w > 0. The cut of a labelling is Σ w over edges whose ends get
/// different labels; the paper relaxes it to Σ w‖x_u − x_v‖₁ with each x_v on the
/// probability simplex over the `labelCount` labels (terminals fixed to a corner).
///
/// Edges are stored with `u < v`. 12 bytes an edge, 4 a node.
///
/// ## Concurrency contract
/// Immutable after construction: any number of threads may read it at once.
///
/// ```swift
/// // a path 0 – 1 – 2 whose ends are fixed to labels 0 and 1
/// let graph = try CutGraph(nodeCount: 3, labelCount: 2, terminals: [0: 0, 2: 1],
///                          edges: [(0, 1, 1.0), (1, 2, 2.0)])
/// ```
public final class CutGraph: Sendable {
    public let nodeCount: Int
    public let edgeCount: Int
    /// Labels (≥ 2); terminals carry one of `0..<labelCount`.
    public let labelCount: Int
    let sourceStorage: OwnedBuffer<Int32>
    let targetStorage: OwnedBuffer<Int32>
    let weightStorage: OwnedBuffer<Float>
    /// For each node, its fixed label, or −1 for a free node.
    let terminalStorage: OwnedBuffer<Int32>
    /// The file's node ids by index (nil when made in memory).
    public let nodeIDs: [String]?

    /// Raw buffers for the package's hot loops; valid while the graph is alive.
    package var sources: UnsafePointer<Int32> { UnsafePointer(sourceStorage.base) }
    package var targets: UnsafePointer<Int32> { UnsafePointer(targetStorage.base) }
    package var weights: UnsafePointer<Float> { UnsafePointer(weightStorage.base) }
    package var terminalLabels: UnsafePointer<Int32> { UnsafePointer(terminalStorage.base) }

    /// Edge `index`: its two nodes and weight.
    public func edge(_ index: Int) -> (source: Int, target: Int, weight: Float) {
        precondition(index >= 0 && index < edgeCount, "edge \(index) outside 0..<\(edgeCount)")
        return (Int(sources[index]), Int(targets[index]), weights[index])
    }

    /// The label node `node` is fixed to, or nil for a free node.
    public func terminalLabel(of node: Int) -> Int? {
        precondition(node >= 0 && node < nodeCount, "node \(node) outside 0..<\(nodeCount)")
        return terminalLabels[node] >= 0 ? Int(terminalLabels[node]) : nil
    }

    /// Builds and validates a graph from arrays.
    public convenience init(
        nodeCount: Int, labelCount: Int, terminals: [Int: Int],
        edges: [(Int, Int, Float)]
    ) throws(DatasetError) {
        var labels = [Int32](repeating: -1, count: nodeCount)
        for (node, label) in terminals {
            guard node >= 0, node < nodeCount else {
                throw .columnOutOfRange(row: node, position: 0, column: node, columnCount: nodeCount)
            }
            labels[node] = Int32(truncatingIfNeeded: label)
        }
        try self.init(
            nodeCount: nodeCount, labelCount: labelCount,
            sources: OwnedBuffer(edges.map { Int32(truncatingIfNeeded: $0.0) }),
            targets: OwnedBuffer(edges.map { Int32(truncatingIfNeeded: $0.1) }),
            weights: OwnedBuffer(edges.map { $0.2 }), terminalLabels: OwnedBuffer(labels), nodeIDs: nil)
    }

    /// Adopts filled buffers, validating them and ordering each edge's ends.
    public init(
        nodeCount: Int, labelCount: Int, sources: OwnedBuffer<Int32>, targets: OwnedBuffer<Int32>,
        weights: OwnedBuffer<Float>, terminalLabels: OwnedBuffer<Int32>,
        nodeIDs: [String]?
    ) throws(DatasetError) {
        guard nodeCount >= 0, nodeCount <= Int(Int32.max) else { throw .invalidColumnCount(nodeCount) }
        guard labelCount >= 2 else {
            throw .invalidArgument(
                name: "label count", value: "\(labelCount)", expected: "≥ 2 (a cut separates at least two terminals)")
        }
        guard sources.count == targets.count, sources.count == weights.count else {
            throw .lengthMismatch(what: "edge arrays", expected: sources.count, got: min(targets.count, weights.count))
        }
        guard terminalLabels.count == nodeCount else {
            throw .lengthMismatch(
                what: "terminal labels (one per node)", expected: nodeCount, got: terminalLabels.count)
        }
        for v in 0..<nodeCount {
            let t = Int(terminalLabels.base[v])
            guard t >= -1, t < labelCount else {
                throw .invalidArgument(
                    name: "terminal label of node \(v)", value: "\(t)", expected: "in 0..<\(labelCount)")
            }
        }
        for e in 0..<sources.count {
            var u = Int(sources.base[e]), v = Int(targets.base[e])
            let w = weights.base[e]
            guard u >= 0, u < nodeCount else {
                throw .columnOutOfRange(row: e, position: 0, column: u, columnCount: nodeCount)
            }
            guard v >= 0, v < nodeCount else {
                throw .columnOutOfRange(row: e, position: 1, column: v, columnCount: nodeCount)
            }
            guard u != v else {
                throw .invalidArgument(
                    name: "edge \(e)", value: "\(u)–\(v)", expected: "two different nodes (no self loops)")
            }
            guard w.isFinite, w > 0 else { throw .nonFiniteValue(row: e, position: 2, value: w) }
            if u > v { swap(&u, &v) }
            sources.base[e] = Int32(u)
            targets.base[e] = Int32(v)
        }
        if let nodeIDs, nodeIDs.count != nodeCount {
            throw .lengthMismatch(what: "node ids", expected: nodeCount, got: nodeIDs.count)
        }
        self.nodeCount = nodeCount
        self.edgeCount = sources.count
        self.labelCount = labelCount
        sourceStorage = sources
        targetStorage = targets
        weightStorage = weights
        terminalStorage = terminalLabels
        self.nodeIDs = nodeIDs
    }

    /// The number of terminal (fixed) nodes.
    public var terminalCount: Int { (0..<nodeCount).reduce(0) { $0 + (terminalLabels[$1] >= 0 ? 1 : 0) } }

    /// Bytes of the buffers.
    public var memoryFootprint: Int {
        sourceStorage.byteCount + targetStorage.byteCount + weightStorage.byteCount + terminalStorage.byteCount
    }

    /// Σ w over edges whose ends have different labels in `labels` (one per node).
    public func cutValue(labels: [Int32]) -> Double {
        precondition(labels.count == nodeCount)
        var cut = 0.0
        for e in 0..<edgeCount where labels[Int(sources[e])] != labels[Int(targets[e])] {
            cut += Double(weights[e])
        }
        return cut
    }

    /// Part `shard` of the edges (a contiguous range, as a file's byte range would give)
    /// over all the nodes and terminals: a distributed job's rank's share of a graph it
    /// generated whole. The parts' edges are the whole graph's, each once.
    ///
    /// ```swift
    /// let mine = try CutGraphGenerator.dblife(scale: 0.1).generate().part(DataShard(index: rank, count: ranks)!)
    /// ```
    public func part(_ shard: DataShard) throws(DatasetError) -> CutGraph {
        if shard.isWhole { return self }
        let range = shard.range(of: edgeCount)
        guard !range.isEmpty else {
            throw .invalidArgument(
                name: "edges of \(shard)", value: "0",
                expected: "at least one: the graph's \(edgeCount) edges are too few for \(shard.count) ranks")
        }
        func slice<T>(_ p: UnsafePointer<T>) -> OwnedBuffer<T> {
            OwnedBuffer(Array(UnsafeBufferPointer(start: p + range.lowerBound, count: range.count)))
        }
        return try CutGraph(
            nodeCount: nodeCount, labelCount: labelCount, sources: slice(sources), targets: slice(targets),
            weights: slice(weights),
            terminalLabels: OwnedBuffer(Array(UnsafeBufferPointer(start: terminalLabels, count: nodeCount))),
            nodeIDs: nodeIDs)
    }
}
