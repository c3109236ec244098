/// The initial step γ0 calibrated on a sample of the data, after Bottou's `svmsgd`: one
/// serial pass of plain SGD over the sample from each candidate step, and the step
/// whose pass ends at the lowest objective on the sample wins. A thousand rows cost
/// milliseconds, so a user's data gets a step that suits its scale without a search by
/// hand.
///
/// The best constant step for t SGD steps falls as 1/√t (the classic bound for convex
/// losses), and a pass over a small sample is few steps: on the Debian text set the
/// winner on 2,000 rows was 1 or 2 by the sample drawn, while 20 epochs over all 57,328
/// rows train well from about 0.2–0.4. So with `epochTerms`, the winner is scaled by
/// √(sample terms / epochTerms) to the run's epoch.
/// Candidates are powers of two; a step whose pass diverges (or ends above where it
/// started) never wins. The caller builds the objective over the sample (rows drawn at
/// random from the data).
///
/// ```swift
/// let sample = try SparseSVM(data: data.subset(rows), regularization: penalty)
/// let calibration = try StepCalibration.calibrate(sample, epochTerms: data.rowCount)
/// print(calibration.step)                  // e.g. 0.25
/// ```
public enum StepCalibration {
    /// What the calibration tried and chose.
    public struct Result: Sendable, Equatable {
        /// The chosen γ0: the best candidate, scaled to the run's epoch when asked.
        public var step: Float
        /// The candidate whose pass over the sample ended lowest.
        public var bestOnSample: Float
        /// Each candidate with the sample's objective after its pass (nil: diverged).
        public var tried: [(step: Float, objective: Double?)]

        public static func == (a: Result, b: Result) -> Bool {
            a.step == b.step && a.bestOnSample == b.bestOnSample && a.tried.map(\.step) == b.tried.map(\.step)
                && a.tried.map(\.objective) == b.tried.map(\.objective)
        }
    }

    /// 2⁻¹⁰ … 2⁴: from steps small enough for badly scaled features to ones large
    /// enough for rows of unit length.
    public static let candidates: [Float] = (-10...4).map { Float(sign: .plus, exponent: $0, significand: 1) }

    /// Calibrates γ0 on `sample` (the objective over a sample of the data's terms); with
    /// `epochTerms` (the terms of the run's epoch), scaled to it. A candidate that
    /// diverges is recorded as such; when none lowers the objective it throws
    /// ``TrainingError/noCalibratedStep(smallest:largest:)``.
    public static func calibrate<O: Objective>(
        _ sample: O, epochTerms: Int? = nil, candidates: [Float] = candidates, seed: UInt64 = 1
    ) throws -> Result {
        var tried: [(step: Float, objective: Double?)] = []
        var best: (step: Float, objective: Double)?
        for step in candidates {
            var configuration = TrainingConfiguration(
                threads: 1, epochs: 1, schedule: .constant(step), seed: seed, epochObjective: .evaluated)
            configuration.divergence.policy = .stop
            let x = try SharedParameters(count: sample.dimension)
            let report: TrainingReport
            do {
                report = try Trainer(
                    objective: sample, scheme: RelaxedHogwild(), optimizer: SGD(), configuration: configuration
                ).run(on: x)
            } catch {
                guard case .diverged = error else { throw error }
                tried.append((step, nil))
                continue
            }
            let objective =
                report.finalObjective.isFinite && report.finalObjective <= report.initialObjective
                ? report.finalObjective : nil
            tried.append((step, objective))
            if let objective, objective < best?.objective ?? .infinity { best = (step, objective) }
        }
        guard let best else {
            throw TrainingError.noCalibratedStep(smallest: candidates.min() ?? 0, largest: candidates.max() ?? 0)
        }
        var step = best.step
        if let epochTerms, epochTerms > sample.termCount {
            step *= Float((Double(sample.termCount) / Double(epochTerms)).squareRoot())
        }
        return Result(step: step, bestOnSample: best.step, tried: tried)
    }
}
