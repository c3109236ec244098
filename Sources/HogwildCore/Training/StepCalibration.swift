/// Bottou's calibration of the initial step γ0 (as his `svmsgd` does it): one serial
/// epoch of plain SGD on a small sample of the terms from each candidate step, and the
/// step whose epoch ends at the lowest objective on that sample wins. The sample is
/// small (a thousand rows costs milliseconds), so a user's data gets a step that suits
/// its scale without a search by hand.
///
/// Candidates are powers of two; a step whose epoch diverges (or ends above where it
/// started) never wins. The caller builds the objective over the sample (its rows
/// drawn at random from the data).
///
/// ```swift
/// let sample = try SparseSVM(data: data.subset(rows), regularization: penalty)
/// let calibration = try StepCalibration.calibrate(sample)
/// print(calibration.step)                  // e.g. 0.25
/// ```
public enum StepCalibration {
    /// What the calibration tried and chose.
    public struct Result: Sendable, Equatable {
        /// The chosen γ0.
        public var step: Float
        /// Each candidate with the sample's objective after its epoch (nil: diverged).
        public var tried: [(step: Float, objective: Double?)]

        public static func == (a: Result, b: Result) -> Bool {
            a.step == b.step && a.tried.map(\.step) == b.tried.map(\.step)
                && a.tried.map(\.objective) == b.tried.map(\.objective)
        }
    }

    /// 2⁻¹⁰ … 2⁴: from steps small enough for badly scaled features to ones large
    /// enough for rows of unit length.
    public static let candidates: [Float] = (-10...4).map { Float(sign: .plus, exponent: $0, significand: 1) }

    /// Calibrates γ0 on `sample` (the objective over a sample of the data's terms). A
    /// candidate that diverges is recorded as such; when none lowers the objective it
    /// throws ``TrainingError/noCalibratedStep(smallest:largest:)``.
    public static func calibrate<O: Objective>(
        _ sample: O, candidates: [Float] = candidates, seed: UInt64 = 1
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
            throw TrainingError.noCalibratedStep(
                smallest: candidates.min() ?? 0, largest: candidates.max() ?? 0)
        }
        return Result(step: best.step, tried: tried)
    }
}
