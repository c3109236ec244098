import Testing
import HogwildCore
import HogwildModels
@testable import HogwildExperiments

/// One-thread plain SGD gives, epoch by epoch, the objective the engine gave before the
/// optimizer layer existed (commit 516fbf3, `hogwild train --threads 1 --epochs 5` on
/// these specs; the linear models' rows are `rcv1-hot`, what `rcv1` generated then): bit for bit where the arithmetic is unchanged (matrix completion and
/// cuts), within 1e-6 relative for the linear models, whose gradient now folds the L2
/// part into G before the step — −γ·(ℓ'·a_u + λw_u·x_u) instead of the old
/// (−γℓ')·a_u − γλw_u·x_u, one rounding apart per coordinate (measured: 2e-8 at most).
///
/// These pins guard against change, not for correctness: a pinned number is only what
/// the code gave when it was pinned. Correctness is checked independently: gradients
/// against finite differences (`SparseLinearObjectiveTests`, `MatrixCompletionTests`,
/// `GradientCheckTests`), serial SGD reaching a known optimum or the low-rank truth
/// (`TrainerTests`, `MatrixCompletionTests.serialSGDFitsTheLowRankTruth`), cuts at their
/// weakest edge (`pathBetweenTwoTerminalsIsCutAtItsWeakestEdge`).
@Suite struct SerialSGDRegressionTests {
    struct Pinned: Sendable, CustomStringConvertible {
        let name: String
        let spec: WorkloadSpec
        let objectives: [Double]
        let exact: Bool
        var description: String { name }
    }

    static let cases: [Pinned] = [
        Pinned(name: "svm", spec: WorkloadSpec(kind: .svm, source: .synthetic(.rcv1Hot, scale: 0.004)),
               objectives: [0.9322697828447782, 0.8731470634312788, 0.8213759261842348, 0.7814959508662158, 0.7516578422296155],
               exact: false),
        Pinned(name: "svm with L1", spec: WorkloadSpec(settings: .svm(LinearSettings(penalty: LinearRegularization(l2: 1e-4, l1: 1e-5))),
                                                       source: .synthetic(.rcv1Hot, scale: 0.004)),
               objectives: [0.9392144613283759, 0.8865354389733967, 0.8404137495013665, 0.8044842708254518, 0.7784403257785197],
               exact: false),
        Pinned(name: "logistic", spec: WorkloadSpec(kind: .logistic, source: .synthetic(.rcv1Hot, scale: 0.004)),
               objectives: [0.6776311361194961, 0.6655327844470672, 0.6553044104597218, 0.6466000187344947, 0.6391414358396384],
               exact: false),
        Pinned(name: "least squares", spec: WorkloadSpec(kind: .leastSquares, source: .synthetic(.rcv1Hot, scale: 0.004)),
               objectives: [0.4758155384162445, 0.4566146176300078, 0.44041527567143274, 0.42663702450946794, 0.41486550096649183],
               exact: false),
        Pinned(name: "mc", spec: WorkloadSpec(kind: .mc, source: .synthetic(.netflix, scale: 0.002)),
               objectives: [1.6631368871730363, 1.1376470626665658, 0.7888284711768062, 0.592073546635967, 0.4706366843567723],
               exact: true),
        Pinned(name: "mc with biases", spec: WorkloadSpec(settings: .mc(.init(biases: true, globalMean: true)),
                                                          source: .synthetic(.netflix, scale: 0.002)),
               objectives: [1.1672020142357398, 0.8966101076621347, 0.6117692441154906, 0.4360718421982099, 0.33987400317769223],
               exact: true),
        Pinned(name: "cuts (abdomen)", spec: WorkloadSpec(kind: .cuts, source: .synthetic(.abdomen, scale: 0.0005)),
               objectives: [160604.5540389798, 144526.6515485462, 130483.29260806467, 117986.77512543589, 106529.42168825217],
               exact: true),
        Pinned(name: "cuts (dblife)", spec: WorkloadSpec(kind: .cuts, source: .synthetic(.dblife, scale: 0.05)),
               objectives: [40635.79745798255, 38841.592284321785, 36304.66295629926, 33832.20020134561, 31603.961800999008],
               exact: true),
    ]

    @Test(arguments: cases)
    func serialSGDKeepsTheObjectivesOfTheEngineBeforeTheOptimizerLayer(_ pinned: Pinned) throws {
        let workload = try WorkloadCatalog.make(pinned.spec)
        let run = try workload.run(scheme: .hogwild, configuration: workload.defaultConfiguration(threads: 1, epochs: 5))
        let objectives = run.report.epochs.map { $0.objective! }
        if pinned.exact {
            #expect(objectives == pinned.objectives)
        } else {
            for (now, then) in zip(objectives, pinned.objectives) {
                #expect(abs(now - then) <= 1e-6 * abs(then), "\(now) vs \(then)")
            }
        }
    }
}
