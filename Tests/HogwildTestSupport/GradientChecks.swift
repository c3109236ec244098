import HogwildCore

/// The gradient an objective gives for `term` at `x`, as coordinate → value (scattered
/// entries, their ridge parts evaluated at `x`, and runs together); a coordinate named
/// twice is reported in `duplicates`.
public func termGradient<O: Objective>(_ objective: O, term: Int, at x: SharedParameters)
    -> (values: [Int: Double], duplicates: [Int]) {
    var gradient = TermGradient(dimension: objective.dimension)
    defer { gradient.deallocate() }
    var context = objective.evaluationContext()
    x.withMemory { objective.gradient(of: term, at: $0, into: &gradient, context: &context) }
    var values: [Int: Double] = [:]
    var duplicates: [Int] = []
    func record(_ j: Int, _ v: Float) {
        if values[j] != nil { duplicates.append(j) }
        values[j] = Double(v)
    }
    for i in 0..<gradient.count {
        let (j, value, decay) = gradient.entry(i)
        record(j, value + decay * x[j])
    }
    for r in 0..<gradient.runCount {
        let (coordinates, run) = gradient.run(r)
        for (k, j) in coordinates.enumerated() { record(j, run[k]) }
    }
    return (values, duplicates)
}

/// ∂f_e/∂x_j by a central difference of the term's loss, step `h`, in Double.
public func centralDifference<O: Objective>(_ objective: O, term: Int, coordinate j: Int, x: SharedParameters,
                                            h: Float = 1e-2) -> Double {
    var context = objective.evaluationContext()
    let saved = x[j]
    x[j] = saved + h
    let up = x.withMemory { objective.loss(term: term, at: $0, context: &context) }
    x[j] = saved - h
    let down = x.withMemory { objective.loss(term: term, at: $0, context: &context) }
    x[j] = saved
    return (up - down) / Double(2 * h)
}
