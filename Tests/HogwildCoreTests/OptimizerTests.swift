@testable import HogwildCore
import HogwildSupport
import HogwildTestSupport
import Testing

/// f(x) = g·x with a fixed gradient g = (0.5, −2) on two coordinates (or, `quadratic`,
/// f(x) = ½‖x‖² with g = x): one term, so each epoch of a one-thread run is exactly one
/// optimizer step from x0 = (1, −1).
struct FixedGradient: Objective {
    /// Scattered entries, or one run of both coordinates (the dense path).
    let asRun: Bool
    var quadratic = false
    var termCount: Int { 1 }
    var dimension: Int { 2 }
    static let g: [Float] = [0.5, -2]

    func gradient<R: ParameterReader, G: GradientSink>(of term: Int, at x: R, into gradient: inout G,
                                      context: inout WorkerContext<Void>) {
        let g = quadratic ? [x.load(0), x.load(1)] : Self.g
        if asRun {
            let run = gradient.addRun(start: 0, count: 2)
            run[0] = g[0]
            run[1] = g[1]
        } else {
            gradient.add(0, g[0])
            gradient.add(1, g[1])
        }
    }

    func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double {
        Double(Self.g[0] * x.load(0) + Self.g[1] * x.load(1))
    }
}

@Suite struct OptimizerTests {
    /// x after the first and the second step, γ = 0.1, from x0 = (1, −1).
    func twoSteps(_ optimizer: OptimizerChoice, asRun: Bool, quadratic: Bool = false, step: Float = 0.1,
                  clipping: GradientClipping = GradientClipping(),
                  placement: OptimizerStatePlacement = .shared) throws -> [[Float]] {
        let x = try SharedParameters(count: 2)
        try x.copyIn([1, -1])
        var steps: [[Float]] = []
        let config = TrainingConfiguration(threads: 1, epochs: 2, schedule: .constant(step), evaluateEveryEpoch: false,
                                           optimizerState: placement, clipping: clipping)
        let objective = FixedGradient(asRun: asRun, quadratic: quadratic)
        _ = try AnyTrainer(objective: objective, scheme: .hogwild, optimizer: optimizer, configuration: config)
            .run(on: x) { _ in steps.append(x.copyOut()) }
        return steps
    }

    func expect(_ optimizer: OptimizerChoice, _ expected: [[Float]], quadratic: Bool = false, step: Float = 0.1,
                clipping: GradientClipping = GradientClipping(),
                sourceLocation: SourceLocation = #_sourceLocation) throws {
        for asRun in [false, true] {
            for placement in OptimizerStatePlacement.allCases {
                let steps = try twoSteps(optimizer, asRun: asRun, quadratic: quadratic, step: step, clipping: clipping,
                                         placement: placement)
                let close = zip(steps.joined(), expected.joined()).allSatisfy { abs($0 - $1) < 2e-6 }
                #expect(steps.count == expected.count && close,
                        "\(optimizer) (\(asRun ? "run" : "entries"), \(placement)): \(steps) vs \(expected)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test func sgdStepsAgainstTheGradient() throws {
        // x1 = x0 − 0.1·(0.5, −2) = (0.95, −0.8); x2 = (0.9, −0.6).
        try expect(.sgd, [[0.95, -0.8], [0.9, -0.6]])
    }

    @Test func momentumAccumulatesItsBuffer() throws {
        // b1 = g = (0.5, −2): x1 = (0.95, −0.8); b2 = 0.9·b1 + g = (0.95, −3.8):
        // x2 = x1 − 0.1·b2 = (0.855, −0.42).
        try expect(OptimizerChoice(Momentum(momentum: 0.9)), [[0.95, -0.8], [0.855, -0.42]])
    }

    @Test func nesterovLooksAhead() throws {
        // b1 = g; step g + 0.9·b1 = (0.95, −3.8): x1 = (0.905, −0.62); b2 = (0.95, −3.8);
        // step g + 0.9·b2 = (1.355, −5.42): x2 = (0.7695, −0.078).
        try expect(OptimizerChoice(Nesterov(momentum: 0.9)), [[0.905, -0.62], [0.7695, -0.078]])
    }

    @Test func adaGradDividesByTheRootOfTheSquaredSum() throws {
        // G1 = g² = (0.25, 4): step γ·g/√G = 0.1·(1, −1): x1 = (0.9, −0.9); G2 = (0.5, 8):
        // step 0.1·(0.5/√0.5, −2/√8) = (0.0707107, −0.0707107): x2 = (0.8292893, −0.8292893).
        try expect(OptimizerChoice(AdaGrad()), [[0.9, -0.9], [0.8292893, -0.8292893]])
    }

    @Test func rmsPropDividesByTheRootOfTheAverage() throws {
        // v1 = 0.01·g² = (0.0025, 0.04), √v1 = (0.05, 0.2): step 0.1·(10, −10): x1 = (0, 0);
        // v2 = 0.99·v1 + 0.01·g² = (0.004975, 0.0796), √v2 = (0.0705337, 0.2821347):
        // step 0.1·(7.088812, −7.088812): x2 = (−0.7088812, 0.7088812).
        try expect(OptimizerChoice(RMSProp()), [[0, 0], [-0.7088818, 0.7088820]])
    }

    @Test func adaDeltaScalesByTheRatioOfRootMeanSquares() throws {
        // v1 = 0.1·g² = (0.025, 0.4); δ1 = √(0 + 1e-6)/√(v1 + 1e-6)·g = (0.0031622, −0.0031622):
        // x1 = x0 − 0.1·δ1 = (0.9996838, −0.9996838); u1 = 0.1·δ1² = 1.0e-6;
        // v2 = 0.9·v1 + 0.1·g² = (0.0475, 0.76); δ2 = √(u1 + 1e-6)/√(v2 + 1e-6)·g = (0.0032444, −0.0032444):
        // x2 = (0.9993594, −0.9993594).
        try expect(OptimizerChoice(AdaDelta()), [[0.9996838, -0.9996838], [0.99935937, -0.99935937]])
    }

    @Test func adamCorrectsItsBiasSoAConstantGradientStepsByGamma() throws {
        // t = 1: m = 0.1·g, v = 0.001·g²; m̂ = g, v̂ = g²: step γ·g/(|g| + ε) ≈ 0.1·sign(g):
        // x1 = (0.9, −0.9). t = 2: m = 0.19·g, v = 0.001999·g²; m̂ = 0.19g/0.19 = g,
        // v̂ = 0.001999g²/0.001999 = g²: x2 = (0.8, −0.8) (less 1e-6 from ε).
        try expect(OptimizerChoice(Adam()), [[0.8999993, -0.8999993], [0.79999864, -0.79999864]])
    }

    @Test func amsGradDividesByTheLargestSecondMomentSoFar() throws {
        // g = x from x0 = (1, −1), γ = 0.5, β₁ = 0, β₂ = 0.5 (so that v can fall).
        // t = 1: m = g = 1, v = 0.5 = v̂; step 0.5·1/(√0.5/√(1 − 0.5)) = 0.5: x1 = 0.5.
        // t = 2: g = 0.5, m = 0.5, v = 0.25 + 0.125 = 0.375 < v̂ = 0.5, which stays;
        // step 0.5·0.5/(√0.5/√0.75) = 0.3061862: x2 = 0.1938138 (Adam, dividing by
        // √0.375/√0.75, would reach 0.1464466).
        try expect(OptimizerChoice(AMSGrad(beta1: 0, beta2: 0.5)), [[0.5, -0.5], [0.19381378, -0.19381378]],
                   quadratic: true, step: 0.5)
        try expect(OptimizerChoice(Adam(beta1: 0, beta2: 0.5)), [[0.5, -0.5], [0.14644661, -0.14644661]],
                   quadratic: true, step: 0.5)
    }

    @Test func adamWDecaysTheWeightsApartFromTheGradient() throws {
        // x1 = x0 − γλ·x0 − 0.1·sign(g) = 1 − 0.001 − 0.1 = 0.899 (less ε's 7e-7);
        // x2 = x1 − 0.001·x1 − 0.1 = 0.798101 (less 1.4e-6).
        try expect(OptimizerChoice(AdamW(weightDecay: 0.01)), [[0.89899933, -0.89899933], [0.79809964, -0.79809964]])
    }

    @Test func weightDecayAddsLambdaXToTheGradient() throws {
        // g + 0.5·x0 = (1, −2.5): x1 = (0.9, −0.75); g + 0.5·x1 = (0.95, −2.375): x2 = (0.805, −0.5125).
        try expect(OptimizerChoice(SGD(weightDecay: 0.5)), [[0.9, -0.75], [0.805, -0.5125]])
    }

    @Test func clippingLimitsEachCoordinateOrTheNorm() throws {
        // By value 1: g → (0.5, −1): x1 = (0.95, −0.9), x2 = (0.9, −0.8).
        try expect(.sgd, [[0.95, -0.9], [0.9, -0.8]], clipping: GradientClipping(value: 1))
        // By norm 1: ‖g‖ = √4.25 = 2.0615528, g → (0.2425356, −0.9701425): x1 = (0.9757464, −0.9029857).
        try expect(.sgd, [[0.97574645, -0.90298575], [0.9514929, -0.8059715]], clipping: GradientClipping(norm: 1))
    }

    static let allOptimizers: [OptimizerChoice] = [
        .sgd, OptimizerChoice(Momentum()), OptimizerChoice(Nesterov()), OptimizerChoice(AdaGrad()), OptimizerChoice(RMSProp()),
        OptimizerChoice(AdaDelta()), OptimizerChoice(Adam()), OptimizerChoice(AdamW(weightDecay: 0)), OptimizerChoice(AMSGrad()),
    ]

    /// A step schedule under which each rule settles on a small consistent system.
    static func schedule(for optimizer: OptimizerChoice) -> StepSchedule {
        switch optimizer.name {
        case "sgd": return .epochDecay(initial: 0.05, factor: 0.9)
        case "momentum", "nesterov": return .epochDecay(initial: 0.005, factor: 0.9)
        case "adagrad": return .constant(0.5)
        case "rmsprop": return .epochDecay(initial: 0.01, factor: 0.8)
        case "adadelta": return .constant(1)
        default: return .epochDecay(initial: 0.05, factor: 0.85)
        }
    }

    static let system = LeastSquaresObjective.consistent(solution: [1, -2, 0.5, 3], count: 200)

    @Test(arguments: allOptimizers)
    func everyOptimizerFitsALeastSquaresProblem(_ optimizer: OptimizerChoice) throws {
        let config = TrainingConfiguration(threads: 1, epochs: 60, schedule: Self.schedule(for: optimizer))
        let (report, x) = try train(Self.system, .hogwild, config, optimizer: optimizer)
        #expect(report.finalObjective < 1e-4, "\(optimizer): objective \(report.finalObjective), x = \(x.copyOut())")
    }

    @Test(arguments: allOptimizers)
    func sharedAndPerWorkerStateBothConvergeOnSeveralThreads(_ optimizer: OptimizerChoice) throws {
        for placement in OptimizerStatePlacement.allCases {
            for threads in [2, 4] {
                let config = TrainingConfiguration(threads: threads, epochs: 60, schedule: Self.schedule(for: optimizer),
                                                   optimizerState: placement)
                let (report, _) = try train(Self.system, .hogwild, config, optimizer: optimizer)
                #expect(report.finalObjective < 1e-3, "\(optimizer), \(placement), \(threads) threads: \(report.finalObjective)")
            }
        }
    }

    @Test func adamCountsTheRunsUpdatesWithSharedStateAndItsOwnWithPerWorkerState() throws {
        // Two workers, one term each per epoch: after one epoch the shared moments have
        // seen 2 updates, each worker's own moments 1.
        let shared = try OptimizerState(for: Adam(), layout: SharedParameters(count: 2).layout, workers: 2, placement: .shared)
        let own = try OptimizerState(for: Adam(), layout: SharedParameters(count: 2).layout, workers: 2, placement: .perWorker)
        #expect(shared.buffers(of: 0).map(\.memory.base) == shared.buffers(of: 1).map(\.memory.base))
        #expect(own.buffers(of: 0).map(\.memory.base) != own.buffers(of: 1).map(\.memory.base))
        let objective = FixedGradient(asRun: false)
        var stepper = WorkerStepper(objective: objective, optimizer: Adam(), state: shared.view(for: 1), placement: .shared,
                                    clipping: GradientClipping(),
                                    context: WorkerContext(worker: 1, workers: 2, random: Xoshiro256(seed: 1), updates: 3,
                                                           workspace: ()))
        defer { stepper.gradient.deallocate() }
        // Worker 1 of 2 after 3 updates of its own: the run's t is 3·2 + 1 + 1 = 8.
        #expect(stepper.updateCount == 8)
        stepper = WorkerStepper(objective: objective, optimizer: Adam(), state: own.view(for: 1), placement: .perWorker,
                                clipping: GradientClipping(), context: stepper.context)
        #expect(stepper.updateCount == 4)
    }

    @Test func automaticPlacementSharesTheStateUnlessDenseStepsAreSmall() {
        let targets = [[Float]](repeating: [0, 1], count: 10)
        func automatic(dense: Bool, batch: Int) -> OptimizerStatePlacement {
            OptimizerStatePlacement.automatic.resolved(
                for: MeanObjective(targets: targets, stepsAreDense: dense, samplesPerTerm: batch))
        }
        #expect(automatic(dense: false, batch: 1) == .shared, "sparse steps: one set, HOGWILD!")
        #expect(automatic(dense: true, batch: 1) == .perWorker && automatic(dense: true, batch: 7) == .perWorker)
        #expect(automatic(dense: true, batch: 8) == .shared && automatic(dense: true, batch: 64) == .shared)
        #expect(OptimizerStatePlacement.shared.resolved(for: MeanObjective(targets: targets, stepsAreDense: true)) == .shared)
        #expect(OptimizerStatePlacement.perWorker.resolved(for: MeanObjective(targets: targets)) == .perWorker)
    }

    @Test func aSparseStepReadsAndWritesOnlyTheTermsState() throws {
        // AdaGrad on a term touching coordinates 0 and 1 of 6: the other sums stay 0.
        let state = try OptimizerState(for: AdaGrad(), layout: SharedParameters(count: 6).layout, workers: 1, placement: .shared)
        let x = try SharedParameters(count: 6)
        _ = try Trainer(objective: CountingObjective(termCount: 1, dimension: 6, width: 2), scheme: RelaxedHogwild(),
                        optimizer: AdaGrad(), configuration: .init(threads: 1, epochs: 3, schedule: .constant(1)))
            .run(on: x, state: state)
        #expect(state.buffers(of: 0)[0].copyOut() == [3, 3, 0, 0, 0, 0])
    }

    @Test func stateFromAnotherOptimizerIsRefused() throws {
        let x = try SharedParameters(count: 2)
        let state = try OptimizerState(for: AdaGrad(), layout: x.layout, workers: 1, placement: .shared)
        #expect(throws: TrainingError.self) {
            try Trainer(objective: FixedGradient(asRun: false), scheme: RelaxedHogwild(), optimizer: Adam(),
                        configuration: .init(threads: 1, epochs: 1)).run(on: x, state: state)
        }
    }

    @Test func badHyperparametersAreTypedErrorsNamingTheOptionAndRange() {
        let cases: [(() throws -> Void, String, String)] = [
            ({ _ = try OptimizerChoice(name: "momentum", settings: .init([.momentum: 1])) }, "momentum", "[0, 1)"),
            ({ _ = try OptimizerChoice(name: "adam", settings: .init([.beta1: -0.1])) }, "beta1", "[0, 1)"),
            ({ _ = try OptimizerChoice(name: "adam", settings: .init([.beta2: 1])) }, "beta2", "[0, 1)"),
            ({ _ = try OptimizerChoice(name: "adagrad", settings: .init([.epsilon: 0])) }, "epsilon", "> 0"),
            ({ _ = try OptimizerChoice(name: "rmsprop", settings: .init([.epsilon: -1])) }, "epsilon", "> 0"),
            ({ _ = try OptimizerChoice(name: "sgd", settings: .init([.weightDecay: .nan])) }, "weight decay", "≥ 0"),
            ({ _ = try OptimizerChoice(name: "sgd", settings: .init([.beta1: 0.9])) }, "beta1", "sgd has no beta1"),
            ({ try GradientClipping(norm: 0).validate() }, "clip norm", "> 0"),
            ({ try GradientClipping(value: -1).validate() }, "clip value", "> 0"),
            ({ try StepSchedule.constant(-0.1).validate() }, "step size", "> 0"),
        ]
        for (body, option, range) in cases {
            do {
                try body()
                Issue.record("\(option) was accepted")
            } catch let error as TrainingError {
                guard case .invalidParameter(let name, _, let expected) = error else {
                    Issue.record("\(option): \(error)")
                    continue
                }
                #expect(name == option && expected.contains(range), "\(error)")
            } catch {
                Issue.record("\(option): untyped \(error)")
            }
        }
        #expect(throws: TrainingError.unknownOptimizer("lbfgs")) { try OptimizerChoice(name: "lbfgs") }
    }
}
