import Hogwild
import HogwildCommandLine

/// `hogwild reproduce`: the paper's Table 2 and figures, one command each.
struct ReproduceCommand: Command {
    static let name = "reproduce"
    static let summary = "the paper's Table 2 and Figures 3–5 on data with the paper's shapes"
    static let help = """
        usage: hogwild reproduce table2|fig3|fig4|fig5|all|dense [--scale quick|manycore|full] [--out DIR]

          table2   Table 2: ρ, Δ, HOGWILD! and RR seconds for 20 epochs, train/test
                   errors, RR ÷ HOGWILD!, for SVM RCV1, MC Netflix/KDD/Jumbo and Cut
                   DBLife/Abdomen; written as table2.md with the paper's numbers beside ours
          fig3     speedup vs threads on the sparse problems (RCV1, Abdomen, DBLife):
                   HOGWILD!, AIG, RR, locked SGD, HOGWILD! + hot replicas and the ideal line
          fig4     the same for matrix completion (Netflix, KDD, Jumbo)
          fig5     speedup vs an artificial per-gradient delay of 10⁰…10⁶ ns on RCV1 (log axis)
          all      every one of them
          dense    beyond the paper: the MLP and the CNN on Fashion-MNIST (Debian's
                   dataset-fashion-mnist; a synthetic stand-in without it) under HOGWILD!,
                   atomic, AIG, RR and locked SGD with Adam: test accuracy against epochs
                   and time, speedup against threads (quick: a few epochs, minutes on 2
                   cores; full: 20 MLP and 15 CNN epochs, the README's settings)

          --scale quick        small sets, threads up to 4, 4 epochs a figure point, the
                               median of 3 repeats: about 2 minutes on 2 idle cores (default)
          --scale manycore     the quick sets at threads 1, 2, 4, …, cores, 2 repeats: a few
                               minutes for the figures on 16 cores (experiments/manycore.sh)
          --scale full         the sizes and thread counts for a 16-core machine
                               (threads 1, 2, 4, …, cores; 20 epochs; 3 repeats)
          --out DIR            where the files go (default results/reproduce-<scale>);
                               machine.json records the machine

        The data are synthetic with each set's shape (see 'hogwild data stats'); the
        table's notes say where they differ from the paper's.

        example:
          hogwild reproduce all --scale quick --out results/quick
        """

    var reproduction: PaperReproduction

    init(arguments args: inout Arguments) throws(UsageError) {
        let targets = PaperReproduction.Target.allCases.map(\.rawValue).joined(separator: " | ")
        guard let name = args.positional() else {
            throw .missingArgument(name: "what to reproduce", expected: targets)
        }
        guard let target = PaperReproduction.Target(rawValue: name) else {
            throw .invalidValue(flag: "reproduce", value: name, expected: targets)
        }
        let scale = try args.option("--scale", default: .quick, expected: "quick | manycore | full") {
            PaperScale(rawValue: $0)
        }
        let out = try args.option(
            "--out", default: "results/reproduce-\(scale.rawValue)", expected: "a directory", Parse.string)
        reproduction = PaperReproduction(target: target, scale: scale, directory: out)
    }

    func run() throws {
        let start = MonotonicClock.nanoseconds()
        try reproduction.run(log: Output.line)
        Output.line(
            "\nwrote \(reproduction.directory) in " + String(printf: "%.1f s", MonotonicClock.seconds(since: start)))
    }
}
