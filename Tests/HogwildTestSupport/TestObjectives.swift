import HogwildCore
import HogwildSupport

/// A test objective whose gradient is −1 on each coordinate a term touches, so that a
/// plain SGD step of size 1 adds exactly +1 to each: after a run, the sum of the
/// coordinates counts the updates that reached memory, and lost updates show up as a
/// shortfall.
public struct CountingObjective: Objective {
    public let termCount: Int
    public let dimension: Int
    /// Coordinates per term (consecutive, wrapping).
    public let width: Int
    /// Whether the coordinates go in as one run (when they do not wrap) instead of
    /// scattered entries.
    public let asRuns: Bool

    public init(termCount: Int, dimension: Int, width: Int, asRuns: Bool = false) {
        precondition(width <= dimension)
        self.termCount = termCount
        self.dimension = dimension
        self.width = width
        self.asRuns = asRuns
    }

    public func coordinates(of term: Int) -> [Int] {
        (0..<width).map { (term + $0) % dimension }
    }

    public func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into gradient: inout G,
                                             context: inout WorkerContext<Void>) {
        let first = term % dimension
        if asRuns, first + width <= dimension {
            gradient.addRun(start: first, count: width).initialize(repeating: -1)
        } else {
            for c in coordinates(of: term) { gradient.add(c, -1) }
        }
    }

    public func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double { 0 }

    /// Every coordinate's count of terms, so that hot replicas' automatic K sees them.
    public func coordinateDegrees() -> [Int]? {
        var degrees = [Int](repeating: 0, count: dimension)
        for term in 0..<termCount { for c in coordinates(of: term) { degrees[c] += 1 } }
        return degrees
    }

    /// A conflict key per coordinate, for the conflict-free scheme.
    public var conflictKeyCount: Int { dimension }
    public func forEachConflictKey(of term: Int, _ body: (Int) -> Void) { coordinates(of: term).forEach(body) }
    public func forEachCoordinate(ofConflictKey key: Int, _ body: (Range<Int>) -> Void) { body(key..<(key + 1)) }
}

/// f(x) = Σ_e ½‖x − t_e‖² over a few dense targets: SGD converges to their mean,
/// so every scheme and optimizer can be checked against the known optimum. Each term's
/// gradient x − t_e is one run over all coordinates (a dense step).
public struct MeanObjective: Objective {
    public let targets: [[Float]]
    public var termCount: Int { targets.count }
    public var dimension: Int { targets[0].count }
    /// Whether the trainer is told the steps are dense (as a network's are), which
    /// changes what the automatic scheme and optimizer-state placement choose.
    public let stepsAreDense: Bool
    /// The samples a term stands for (a minibatch's size), for what depends on it.
    public let samplesPerTerm: Int
    public var sampleCount: Int { termCount * samplesPerTerm }

    public init(targets: [[Float]], stepsAreDense: Bool = false, samplesPerTerm: Int = 1) {
        self.targets = targets
        self.stepsAreDense = stepsAreDense
        self.samplesPerTerm = samplesPerTerm
    }

    public func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into gradient: inout G,
                                             context: inout WorkerContext<Void>) {
        let run = gradient.addRun(start: 0, count: dimension)
        x.load(0..<dimension, into: run.baseAddress!)
        for v in 0..<dimension { run[v] -= targets[term][v] }
    }

    public func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double {
        (0..<dimension).reduce(0) { $0 + 0.5 * Double((x.load($1) - targets[term][$1]) * (x.load($1) - targets[term][$1])) }
    }

    /// One conflict key, every coordinate (every term conflicts with every other).
    public var conflictKeyCount: Int { 1 }
    public func forEachConflictKey(of term: Int, _ body: (Int) -> Void) { body(0) }
    public func forEachCoordinate(ofConflictKey key: Int, _ body: (Range<Int>) -> Void) { body(0..<dimension) }

    /// The minimizer: the mean target.
    public var optimum: [Float] {
        (0..<dimension).map { v in targets.map { $0[v] }.reduce(0, +) / Float(targets.count) }
    }
}

/// Least squares Σ_e ½(aₑ·x − bₑ)² with scattered gradient entries: a small sparse
/// problem every optimizer must solve.
public struct LeastSquaresObjective: Objective {
    public let rows: [[Float]]
    public let targets: [Float]
    public var termCount: Int { rows.count }
    public var dimension: Int { rows[0].count }

    public init(rows: [[Float]], targets: [Float]) {
        self.rows = rows
        self.targets = targets
    }

    /// `count` rows over `dimension` coordinates whose exact solution is `solution`.
    public static func consistent(solution: [Float], count: Int, seed: UInt64 = 7) -> LeastSquaresObjective {
        var rng = Xoshiro256(seed: seed)
        let rows = (0..<count).map { _ in solution.map { _ in Float(rng.nextGaussian()) } }
        let targets = rows.map { row in zip(row, solution).map(*).reduce(0, +) }
        return LeastSquaresObjective(rows: rows, targets: targets)
    }

    public func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into gradient: inout G,
                                             context: inout WorkerContext<Void>) {
        let row = rows[term]
        var r: Float = -targets[term]
        for j in 0..<dimension { r += row[j] * x.load(j) }
        for j in 0..<dimension { gradient.add(j, r * row[j]) }
    }

    public func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double {
        let row = rows[term]
        var r = -Double(targets[term])
        for j in 0..<dimension { r += Double(row[j]) * Double(x.load(j)) }
        return 0.5 * r * r
    }
}

/// Every scheme, as the run-time entry point sees it.
public func train<O: Objective>(_ objective: O, _ scheme: SchemeChoice, _ config: TrainingConfiguration,
                                optimizer: OptimizerChoice = .sgd,
                                initial: Float = 0) throws -> (TrainingReport, SharedParameters) {
    let x = try SharedParameters(count: objective.dimension, initialValue: initial)
    let report = try AnyTrainer(objective: objective, scheme: scheme, optimizer: optimizer, configuration: config).run(on: x)
    return (report, x)
}
