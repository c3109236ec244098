import HogwildSupport

/// Checks an op's (or a whole model's) backward rule against central differences:
/// for a random direction r (fixed seed) and f(x) = Σᵢ rᵢ·outᵢ(x) summed in Double,
/// compares every ∂f/∂x_j from ``Tape/backward(from:seed:)`` with
/// (f(x + h·e_j) − f(x − h·e_j)) / 2h. The ops compute in Float, so h is relative to
/// |x_j| and the tolerance allows for Float rounding in f.
///
/// ```swift
/// let report = try GradientCheck.run(inputs: [(Shape(2, 3), a), (Shape(3, 4), b)]) { tape, x in
///     try tape.matmul(x[0], x[1])
/// }
/// #expect(report.passed, "\(report)")
/// ```
public enum GradientCheck {
    /// The result: the worst element found and whether every element was within tolerance.
    public struct Report: CustomStringConvertible, Sendable {
        /// Elements compared.
        public var checked = 0
        /// Elements whose analytic and numeric derivatives disagree beyond tolerance.
        public var failures = 0
        /// The largest |analytic − numeric| / (absolute + relative·max(|analytic|, |numeric|)).
        public var worstRatio = 0.0
        /// Input, element, analytic and numeric derivative at the worst ratio.
        public var worst: (input: Int, element: Int, analytic: Double, numeric: Double) = (0, 0, 0, 0)
        /// True when every element passed.
        public var passed: Bool { failures == 0 && checked > 0 }

        public var description: String {
            "\(checked) derivatives checked, \(failures) outside tolerance; worst: input \(worst.input) element "
                + "\(worst.element) "
                + "analytic \(worst.analytic) numeric \(worst.numeric) (ratio \(worstRatio))"
        }
    }

    /// Runs `build` on fresh variables holding `inputs` and compares derivatives.
    /// - Parameters:
    ///   - relativeStep: h = relativeStep·max(1, |x_j|).
    ///   - absoluteTolerance, relativeTolerance: |a − n| ≤ abs + rel·max(|a|, |n|) passes.
    public static func run(
        inputs: [(Shape, [Float])], seed: UInt64 = 7, relativeStep: Double = 1e-3,
        absoluteTolerance: Double = 2e-3, relativeTolerance: Double = 2e-2,
        _ build: (Tape, [Tensor]) throws(AutogradError) -> Tensor
    ) throws(AutogradError) -> Report {
        let tape = Tape()
        var values = inputs.map(\.1)
        // Analytic derivatives.
        var variables = inputs.indices.map { tape.variable(inputs[$0].0, values[$0]) }
        let out = try build(tape, variables)
        var random = Xoshiro256(seed: seed)
        let direction = (0..<out.count).map { _ in Float(random.nextUnitDouble() * 2 - 1) }
        try direction.withUnsafeBufferPointer { (seedValues) throws(AutogradError) in
            try tape.backward(from: out, seed: seedValues)
        }
        let analytic = variables.map { tape.gradient(of: $0).map(Array.init) ?? Array(repeating: 0, count: $0.count) }

        func objective() throws(AutogradError) -> Double {
            tape.reset()
            variables = inputs.indices.map { tape.variable(inputs[$0].0, values[$0]) }
            let y = try build(tape, variables)
            let v = tape.value(y)
            var total = 0.0
            for i in 0..<y.count { total += Double(direction[i]) * Double(v[i]) }
            return total
        }

        var report = Report()
        for input in inputs.indices {
            for element in values[input].indices {
                let original = values[input][element]
                let h = Float(relativeStep * max(1, Double(abs(original))))
                values[input][element] = original + h
                let plus = try objective()
                values[input][element] = original - h
                let minus = try objective()
                values[input][element] = original
                // The step actually taken, after Float rounding of x ± h.
                let taken = Double(original + h) - Double(original - h)
                let numeric = (plus - minus) / taken
                let a = Double(analytic[input][element])
                let ratio = abs(a - numeric) / (absoluteTolerance + relativeTolerance * max(abs(a), abs(numeric)))
                report.checked += 1
                if ratio > 1 { report.failures += 1 }
                if ratio > report.worstRatio {
                    report.worstRatio = ratio
                    report.worst = (input, element, a, numeric)
                }
            }
        }
        return report
    }
}
