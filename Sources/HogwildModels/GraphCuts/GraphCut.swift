import HogwildCore
import HogwildData
import HogwildSupport

/// The paper's relaxed multiway cut: f(x) = Σ_{(u,v)∈E} w_uv·‖x_u − x_v‖₁ with every
/// free node's x_v on the probability simplex over the k labels and each terminal
/// fixed to its label's corner e_t. Solved by projected subgradient: a term's
/// subgradient is +w·sign(x_u − x_v) for x_u and −w·sign(x_u − x_v) for x_v (one run of
/// k coordinates per free end); after the optimizer's step each end is projected onto
/// the simplex (``project(term:step:stepSize:context:)``), so plain SGD makes
/// x_u ← Π(x_u − γ·w·sign(x_u − x_v)) and x_v ← Π(x_v + γ·w·sign(x_u − x_v)).
///
/// Only free nodes have coordinates: node v's block is k consecutive floats, blocks
/// numbered in node order. The rounded solution labels each node by its largest coordinate, and
/// ``cutValue(parameters:)`` is the cut of that labelling.
///
/// ## Concurrency contract
/// Every method may be called from any number of workers at once: the value is
/// immutable; its raw pointers point into `graph` and the block map, which it keeps
/// alive.
///
/// ```swift
/// let graph = try CutGraphGenerator.abdomen(scale: 1e-4).generate()
/// let cut = try GraphCut(graph: graph)
/// let x = try cut.makeParameters()
/// _ = try Trainer(objective: cut, scheme: RelaxedHogwild(), configuration: .init(threads: 2)).run(on: x)
/// print(cut.cutValue(parameters: x))
/// ```
public struct GraphCut: Objective, @unchecked Sendable {
    /// k floats a worker sorts in while projecting onto the simplex.
    public typealias Workspace = OwnedBuffer<Float>

    public let graph: CutGraph
    /// k, the number of labels.
    public let labelCount: Int
    /// Free nodes (those with coordinates).
    public let freeCount: Int
    /// For each node, its block index, or −1 for a terminal.
    let blockStorage: OwnedBuffer<Int32>

    @usableFromInline let sources: UnsafePointer<Int32>
    @usableFromInline let targets: UnsafePointer<Int32>
    @usableFromInline let weights: UnsafePointer<Float>
    @usableFromInline let blocks: UnsafePointer<Int32>
    @usableFromInline let terminalLabels: UnsafePointer<Int32>
    @usableFromInline let k: Int

    public init(graph: CutGraph) throws(ModelError) {
        self.graph = graph
        labelCount = graph.labelCount
        var next: Int32 = 0
        var blocks = [Int32](repeating: -1, count: graph.nodeCount)
        for v in 0..<graph.nodeCount where graph.terminalLabels[v] < 0 {
            blocks[v] = next
            next += 1
        }
        guard Int(next) * graph.labelCount <= Int(Int32.max) else {
            throw .incompatibleData(
                "\(next) free nodes × \(graph.labelCount) labels exceed the 2³¹ coordinates a buffer indexes")
        }
        freeCount = Int(next)
        blockStorage = OwnedBuffer(blocks)
        sources = graph.sources
        targets = graph.targets
        weights = graph.weights
        self.blocks = UnsafePointer(blockStorage.base)
        terminalLabels = graph.terminalLabels
        k = graph.labelCount
    }

    public var termCount: Int { graph.edgeCount }
    public var dimension: Int { freeCount * k }

    /// Edges per free node, for each of its k coordinates.
    public func coordinateDegrees() -> [Int]? {
        var degree = [Int](repeating: 0, count: dimension)
        for e in 0..<graph.edgeCount {
            for node in [Int(sources[e]), Int(targets[e])] where blocks[node] >= 0 {
                for t in 0..<k { degree[Int(blocks[node]) * k + t] += 1 }
            }
        }
        return degree
    }
    /// A key per free node: its block of k labels (terminals have no coordinates).
    public var conflictKeyCount: Int { freeCount }

    @inlinable
    public func forEachConflictKey(of term: Int, _ body: (Int) -> Void) {
        let bu = Int(blocks[Int(sources[term])]), bv = Int(blocks[Int(targets[term])])
        if bu >= 0 { body(bu) }
        if bv >= 0 && bv != bu { body(bv) }
    }

    public func forEachCoordinate(ofConflictKey key: Int, _ body: (Range<Int>) -> Void) {
        body((key * k)..<((key + 1) * k))
    }

    public func makeWorkspace() -> OwnedBuffer<Float> { OwnedBuffer(repeating: 0, count: k, alignment: 64) }

    /// Two runs, no scattered entries.
    public var gradientCapacityHint: Int { 1 }

    /// A buffer with every free node at the simplex's centre (1/k each).
    public func makeParameters() throws -> SharedParameters {
        try SharedParameters(count: dimension, initialValue: 1 / Float(k))
    }

    /// Coordinate `label` of node `node` (a terminal's is 1 at its label, else 0).
    @inlinable @inline(__always)
    func value<R: ParameterReader>(node: Int, label: Int, parameters x: R) -> Float {
        let b = Int(blocks[node])
        if b >= 0 { return x.load(b * k + label) }
        return Int(terminalLabels[node]) == label ? 1 : 0
    }

    /// The subgradient w·sign(x_u − x_v) for u's block, its negation for v's; a
    /// terminal end has no coordinates and gets none.
    @inlinable @inline(__always)
    public func gradient<R: ParameterReader, G: GradientSink>(
        of term: Int, at x: R, into gradient: inout G,
        context: inout WorkerContext<OwnedBuffer<Float>>
    ) {
        let u = Int(sources[term]), v = Int(targets[term])
        let bu = Int(blocks[u]), bv = Int(blocks[v])
        let w = weights[term]
        let signs = context.workspace.base
        for t in 0..<k {
            let d = value(node: u, label: t, parameters: x) - value(node: v, label: t, parameters: x)
            signs[t] = d > 0 ? 1 : (d < 0 ? -1 : 0)
        }
        if bu >= 0 {
            let run = gradient.addRun(start: bu * k, count: k)
            for t in 0..<k { run[t] = w * signs[t] }
        }
        if bv >= 0 {
            let run = gradient.addRun(start: bv * k, count: k)
            for t in 0..<k { run[t] = -w * signs[t] }
        }
    }

    /// Three terms ahead the edge; two ahead its ends' block numbers; one ahead the
    /// blocks themselves.
    @inlinable @inline(__always)
    public func prefetch(term: Int, distance: Int, parameters x: UnsafeParameterMemory) {
        switch distance {
        case 3:
            Prefetch.load(sources + term)
            Prefetch.load(targets + term)
            Prefetch.load(weights + term)
        case 2:
            Prefetch.load(blocks + Int(sources[term]))
            Prefetch.load(blocks + Int(targets[term]))
        default:
            let bu = Int(blocks[Int(sources[term])]), bv = Int(blocks[Int(targets[term])])
            if bu >= 0 { Prefetch.load(x, at: bu * k) }
            if bv >= 0 { Prefetch.load(x, at: bv * k) }
        }
    }

    /// Every step is projected onto the simplex.
    public var projectsSteps: Bool { true }

    /// Projects each end's proposed block onto the probability simplex.
    @inlinable
    public func project(
        term: Int, step: inout ProposedStep, stepSize: Float,
        context: inout WorkerContext<OwnedBuffer<Float>>
    ) {
        let sortBuffer = UnsafeMutableBufferPointer(start: context.workspace.base, count: k)
        for r in 0..<step.runCount {
            SimplexProjection.project(step.run(r).proposals, sortBuffer: sortBuffer)
        }
    }

    public func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<OwnedBuffer<Float>>) -> Double
    {
        let u = Int(sources[term]), v = Int(targets[term])
        var distance: Float = 0
        for t in 0..<k {
            distance += abs(value(node: u, label: t, parameters: x) - value(node: v, label: t, parameters: x))
        }
        return Double(weights[term] * distance)
    }

    /// The objective the paper reports: the relaxed cut Σ w‖x_u − x_v‖₁ (a sum, not a mean).
    public func evaluate(parameters x: UnsafeParameterMemory) -> Double {
        meanTermLoss(parameters: x) * Double(termCount)
    }

    /// Parts of the edges cut parts of the total.
    public var evaluationAggregate: EvaluationAggregate { .sumOverTerms }

    /// Each node's label in the rounded solution: a terminal's own, a free node's
    /// largest coordinate (the lowest label on ties).
    public func roundedLabels(parameters: SharedParameters) -> [Int32] {
        let x = parameters.memory
        return withExtendedLifetime(parameters) {
            (0..<graph.nodeCount).map { v -> Int32 in
                let b = Int(blocks[v])
                guard b >= 0 else { return terminalLabels[v] }
                var best = 0
                for t in 1..<k where x.load(b * k + t) > x.load(b * k + best) { best = t }
                return Int32(best)
            }
        }
    }

    /// The cut value of the rounded solution.
    public func cutValue(parameters: SharedParameters) -> Double {
        graph.cutValue(labels: roundedLabels(parameters: parameters))
    }
}
