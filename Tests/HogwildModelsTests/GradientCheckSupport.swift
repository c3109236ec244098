import HogwildCore

/// Records the step each coordinate receives (reading from `memory`, writing nothing).
final class StepRecorder: CoordinateWriter {
    let memory: UnsafeParameterMemory
    var steps: [Int: Double] = [:]
    init(memory: UnsafeParameterMemory) { self.memory = memory }
    func load(_ index: Int) -> Float { memory.load(index) }
    func write(_ index: Int, old: Float, delta: Float) { steps[index] = Double(delta) }
}

/// Lists the coordinates a term visits.
struct CoordinateCollector: CoordinateVisitor {
    var coordinates: [Int] = []
    mutating func visit(_ coordinate: Int) { coordinates.append(coordinate) }
}

/// ∂f_e/∂x_j by a central difference of the term's loss, step `h`.
func centralDifference<O: Objective>(_ objective: O, term: Int, coordinate j: Int, x: SharedParameters,
                                     h: Float = 1e-2) -> Double {
    let saved = x[j]
    x[j] = saved + h
    let up = objective.loss(term: term, parameters: x.memory)
    x[j] = saved - h
    let down = objective.loss(term: term, parameters: x.memory)
    x[j] = saved
    return (up - down) / Double(2 * h)
}
