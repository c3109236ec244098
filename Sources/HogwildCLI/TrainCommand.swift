import Foundation
import Hogwild
import HogwildCommandLine

/// `hogwild train`: one training run, with progress, a summary and result files.
struct TrainCommand: Command {
    static let name = "train"
    static let summary = "train one model with one scheme and thread count"
    static let help = """
    usage: hogwild train [options]

    Trains the paper's sparse SVM (hinge loss, degree-weighted L2) with the chosen
    update scheme and prints the objective after every epoch. Without data options it
    runs on a built-in default: an RCV1-shaped synthetic set (47,236 features, ~75
    non-zeros a row, Zipf feature frequencies) of 100,000 rows.

    data:
      --rows N             rows of the synthetic set (default 100000)
      --lambda L           L2 strength λ (default 1e-4)

    training:
    \(CommonOptions.help)

    example:
      hogwild train --threads 4 --scheme hogwild --epochs 20 --out results/
    """

    var options: CommonOptions
    var rows: Int
    var lambda: Float

    init(arguments args: inout Arguments) throws(UsageError) {
        options = try CommonOptions(arguments: &args)
        rows = try args.option("--rows", default: 100_000, expected: "a positive integer", Parse.positiveInt)
        lambda = try args.option("--lambda", default: 1e-4, expected: "a finite number ≥ 0", Parse.nonNegativeFloat)
    }

    func run() throws {
        let start = MonotonicClock.nanoseconds()
        let data = try RCV1Shape(rows: rows, seed: options.seed).generate()
        print("data: RCV1-shaped synthetic, \(data.rowCount) rows × \(data.columnCount) features, \(data.nonZeroCount) non-zeros (\(String(format: "%.1f", MonotonicClock.seconds(since: start))) s to generate)")
        let svm = try SparseSVM(data: data, lambda: lambda)
        let x = try SharedParameters(count: svm.dimension)
        let config = options.configuration
        print("model: sparse SVM, λ = \(lambda); scheme \(options.scheme) (\(options.scheme.paperLabel)), \(config.threads) threads, \(config.epochs) epochs, step \(config.schedule)")
        let progress = ProgressReporter(totalEpochs: config.epochs, label: options.scheme.rawValue)
        let report = try Training.run(svm, scheme: options.scheme, configuration: config, parameters: x) {
            progress.report($0)
        }
        let error = svm.errorRate(on: data, parameters: x)
        print(String(format: "done: objective %.6f (from %.6f), training error %.4f, %.3f s, %.3f M updates/s",
                     report.finalObjective, report.initialObjective, error, report.seconds, report.updatesPerSecond / 1e6))
        if let out = options.out {
            try ResultFiles.write(report: report, workload: "svm-rcv1-shaped", trainingError: error, to: out)
            print("wrote \(out)/results.json and \(out)/results.csv")
        }
    }
}
