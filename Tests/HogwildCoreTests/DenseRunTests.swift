import CHogwildKernels
@testable import HogwildCore
import HogwildSupport
import HogwildTestSupport
import Testing

/// f(x) = Σ_i ¼x_i² + c_i·x_i over 1,003 coordinates (whole vectors of 16, 8 and 4 and a
/// tail): one term whose gradient ½x + c changes with every step, as one dense run (the
/// C kernels) or as scattered entries (the rules' Swift code, coordinate by coordinate).
struct VaryingGradient: Objective {
    let asRun: Bool
    var termCount: Int { 1 }
    var dimension: Int { 1_003 }

    static func c(_ i: Int) -> Float { Float((Double(i) * 0.37).truncatingRemainder(dividingBy: 2) - 1) }

    func gradient<R: ParameterReader, G: GradientSink>(
        of term: Int, at x: R, into gradient: inout G, context: inout WorkerContext<Void>
    ) {
        if asRun {
            let run = gradient.addRun(start: 0, count: dimension)
            for i in 0..<dimension { run[i] = 0.5 * x.load(i) + Self.c(i) }
        } else {
            for i in 0..<dimension { gradient.add(i, 0.5 * x.load(i) + Self.c(i)) }
        }
    }

    func loss(term: Int, at x: UnsafeParameterMemory, context: inout WorkerContext<Void>) -> Double {
        (0..<dimension).reduce(0) { $0 + Double(0.25 * x.load($1) * x.load($1) + Self.c($1) * x.load($1)) }
    }
}

/// Every optimizer's dense run, on every kernel path the CPU has, against the same rule
/// stepping coordinate by coordinate in Swift: five steps, with and without weight decay,
/// bit for bit.
@Suite struct DenseRunTests {
    static let optimizers: [OptimizerChoice] =
        OptimizerTests.allOptimizers + [
            OptimizerChoice(SGD(weightDecay: 0.1)), OptimizerChoice(Momentum(weightDecay: 0.1)),
            OptimizerChoice(Adam(weightDecay: 0.1)), OptimizerChoice(AdamW(weightDecay: 0.1)),
            OptimizerChoice(AdaDelta(weightDecay: 0.1)), OptimizerChoice(AMSGrad(weightDecay: 0.1)),
        ]

    func fiveSteps(_ optimizer: OptimizerChoice, asRun: Bool) throws -> [Float] {
        let x = try SharedParameters(count: 1_003)
        try x.copyIn((0..<1_003).map { Float($0 % 7) * 0.3 - 1 })
        let config = TrainingConfiguration(threads: 1, epochs: 5, schedule: .constant(0.05), evaluateEveryEpoch: false)
        _ = try AnyTrainer(
            objective: VaryingGradient(asRun: asRun), scheme: .hogwild, optimizer: optimizer, configuration: config
        ).run(on: x)
        return x.copyOut()
    }

    @Test(arguments: KernelPath.available)
    func everyRuleRunsAsItStepsOneCoordinateAtATime(_ path: KernelPath) throws {
        for optimizer in Self.optimizers {
            let scalar = try fiveSteps(optimizer, asRun: false)
            let vector = try path.run { try fiveSteps(optimizer, asRun: true) }
            // The same operations in the same order, no fused multiply-adds: bit for bit.
            let differing = zip(scalar, vector).filter { $0 != $1 }.count
            #expect(differing == 0, "\(optimizer) on \(path): \(differing) of 1,003 coordinates differ")
        }
    }

    /// A state that decays under zero gradients reaches zero instead of crawling through
    /// subnormal values (each operation on one a microcode assist): momentum's buffer
    /// halves every step from 1, so after 140 steps it is below 2⁻¹²⁶ and flushed.
    @Test(arguments: KernelPath.available)
    func decayingStateIsFlushedToZeroBelowTheNormalRange(_ path: KernelPath) {
        var buffer = [Float](repeating: 1, count: 37), gradient = [Float](repeating: 0, count: 37)
        var k = hogwild_rule_constants(step: 0.1, c1: 1, c2: 1, beta1: 0.5, beta2: 0, epsilon: 0, decay: 0, decoupled: 0)
        path.run {
            for _ in 0..<140 {
                for i in gradient.indices { gradient[i] = 0 }
                hogwild_run_momentum(&gradient, &buffer, nil, 37, 0, &k)
            }
        }
        #expect(buffer.allSatisfy { $0 == 0 }, "\(path): \(buffer.prefix(3))")
        var unflushed: Float = 1
        for _ in 0..<140 { unflushed *= 0.5 }
        #expect(unflushed > 0 && !unflushed.isNormal, "without the flush it is a subnormal, not 0")
    }
}
