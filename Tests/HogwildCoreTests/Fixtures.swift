import HogwildCore

/// A test objective whose every step adds exactly +stepSize to each coordinate it
/// touches: after a run, the sum of the coordinates counts the updates that reached
/// memory, so lost updates show up as a shortfall.
struct CountingObjective: Objective {
    typealias TermState = Void
    let termCount: Int
    let dimension: Int
    /// Coordinates per term (consecutive, wrapping, visited in ascending order).
    let width: Int

    func coordinates(of term: Int) -> [Int] {
        (0..<width).map { (term + $0) % dimension }.sorted()
    }

    func visitCoordinates<V: CoordinateVisitor>(of term: Int, _ visitor: inout V) {
        for c in coordinates(of: term) { visitor.visit(c) }
    }

    func prepare<R: ParameterReader>(term: Int, parameters: R, scratch: UnsafeMutableBufferPointer<Float>) {}

    func apply<W: CoordinateWriter>(term: Int, state: Void, stepSize: Float,
                                    scratch: UnsafeMutableBufferPointer<Float>, writer: W) {
        for c in coordinates(of: term) { writer.write(c, old: writer.load(c), delta: stepSize) }
    }

    func loss(term: Int, parameters: UnsafeParameterMemory) -> Double { 0 }
}

/// f(x) = Σ_e ½‖x − t_e‖² over a few dense targets: SGD converges to their mean,
/// so every scheme can be checked against the known optimum.
struct MeanObjective: Objective {
    let targets: [[Float]]
    var termCount: Int { targets.count }
    var dimension: Int { targets[0].count }

    func visitCoordinates<V: CoordinateVisitor>(of term: Int, _ visitor: inout V) { visitor.visit(0..<dimension) }

    func prepare<R: ParameterReader>(term: Int, parameters: R, scratch: UnsafeMutableBufferPointer<Float>) {}

    func apply<W: CoordinateWriter>(term: Int, state: Void, stepSize: Float,
                                    scratch: UnsafeMutableBufferPointer<Float>, writer: W) {
        for v in 0..<dimension {
            let old = writer.load(v)
            writer.write(v, old: old, delta: -stepSize * (old - targets[term][v]))
        }
    }

    func loss(term: Int, parameters x: UnsafeParameterMemory) -> Double {
        (0..<dimension).reduce(0) { $0 + 0.5 * Double((x.load($1) - targets[term][$1]) * (x.load($1) - targets[term][$1])) }
    }
}

/// Every scheme, as the generic trainer sees it.
func train<O: Objective>(_ objective: O, _ scheme: SchemeKind, _ config: TrainingConfiguration,
                         initial: Float = 0) throws -> (TrainingReport, SharedParameters) {
    let x = try SharedParameters(count: objective.dimension, initialValue: initial)
    let report = try Training.run(objective, scheme: scheme, configuration: config, parameters: x)
    return (report, x)
}
