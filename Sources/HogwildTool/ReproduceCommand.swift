import Foundation
import Hogwild
import HogwildCommandLine

/// `hogwild reproduce`: the paper's Table 2 and figures, one command each.
struct ReproduceCommand: Command {
    static let name = "reproduce"
    static let summary = "the paper's Table 2 and Figures 3–5 on data with the paper's shapes"
    static let help = """
    usage: hogwild reproduce table2|fig3|fig4|fig5|all [--scale quick|full] [--out DIR]

      table2   Table 2: ρ, Δ, HOGWILD! and RR seconds for 20 epochs, train/test
               errors, RR ÷ HOGWILD!, for SVM RCV1, MC Netflix/KDD/Jumbo and Cut
               DBLife/Abdomen; written as table2.md with the paper's numbers beside ours
      fig3     speedup vs threads on the sparse problems (RCV1, Abdomen, DBLife):
               HOGWILD!, AIG, RR, locked SGD, HOGWILD! + hot replicas and the ideal line
      fig4     the same for matrix completion (Netflix, KDD, Jumbo)
      fig5     speedup vs an artificial per-gradient delay of 10⁰…10⁶ ns on RCV1 (log axis)
      all      every one of them

      --scale quick        small sets, threads up to 4, 4 epochs a figure point, the
                           median of 3 repeats: about 2 minutes on 2 cores (default)
      --scale full         the sizes and thread counts for a 16-core machine
                           (threads 1, 2, 4, …, cores; 20 epochs; 3 repeats)
      --out DIR            where the files go (default results/reproduce-<scale>);
                           machine.json records the machine

    The data are synthetic with each set's shape (see 'hogwild data stats'); the
    table's notes say where they differ from the paper's.

    example:
      hogwild reproduce all --scale quick --out results/quick
    """

    enum Target: String, CaseIterable { case table2, fig3, fig4, fig5, all }

    var target: Target
    var scale: PaperScale
    var out: String

    init(arguments args: inout Arguments) throws(UsageError) {
        guard let name = args.positional() else {
            throw .missingArgument(name: "what to reproduce", expected: Target.allCases.map(\.rawValue).joined(separator: " | "))
        }
        guard let target = Target(rawValue: name) else {
            throw .invalidValue(flag: "reproduce", value: name, expected: Target.allCases.map(\.rawValue).joined(separator: " | "))
        }
        self.target = target
        scale = try args.option("--scale", default: .quick, expected: "quick | full") { PaperScale(rawValue: $0) }
        out = try args.option("--out", default: "results/reproduce-\(scale.rawValue)", expected: "a directory", Parse.string)
    }

    func run() throws {
        let machine = MachineInfo.current()
        let setup = PaperSetup.make(scale, cores: machine.cores)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(machine).write(to: URL(fileURLWithPath: out + "/machine.json"))
        print("reproducing \(target.rawValue) at \(scale.rawValue) scale on \(machine.summary); threads \(setup.threads)")
        let start = MonotonicClock.nanoseconds()
        let log: (String) -> Void = { print($0) }
        let cache = WorkloadCache()
        if target == .table2 || target == .all {
            let table = try PaperRecipes.table2(setup: setup, cache: cache, progress: log)
            try table.writeFiles(to: out)
            print("\n" + table.markdown)
        }
        if target == .fig3 || target == .all {
            try writeSpeedups(try PaperRecipes.figure3(setup: setup, cache: cache, progress: log), figure: "fig3")
        }
        if target == .fig4 || target == .all {
            try writeSpeedups(try PaperRecipes.figure4(setup: setup, cache: cache, progress: log), figure: "fig4")
        }
        if target == .fig5 || target == .all {
            let result = try PaperRecipes.figure5(setup: setup, cache: cache, progress: log)
            try result.writeFiles(to: out, prefix: "fig5-delay-")
            try result.delayChart(title: "Figure 5 — speedup vs gradient delay, RCV1-shaped SVM").write(to: out + "/fig5-delay.svg")
            print("\n" + result.textTable)
        }
        print(String(format: "\nwrote %@ in %.1f s", out, MonotonicClock.seconds(since: start)))
    }

    func writeSpeedups(_ results: [SweepResult], figure: String) throws {
        for result in results {
            let name = result.workload == "svm" ? "rcv1" : dataName(result)
            try result.writeFiles(to: out, prefix: "\(figure)-\(name)-")
            let paper = PaperNumbers.headlines[SyntheticData(rawValue: name) ?? .rcv1] ?? ""
            var chart = result.speedupChart(title: "\(figure == "fig3" ? "Figure 3" : "Figure 4") — speedup, \(SyntheticData(rawValue: name)?.paperName ?? name)-shaped \(result.workload)")
            chart.subtitle = (chart.subtitle ?? "") + (paper.isEmpty ? "" : "; paper: \(paper)")
            try chart.write(to: out + "/\(figure)-\(name).svg")
            print("\n\(figure) \(name):\n" + result.textTable)
        }
    }

    /// The synthetic set a sweep ran on, from its data line ("Netflix-shaped …").
    func dataName(_ result: SweepResult) -> String {
        SyntheticData.allCases.first { result.data.hasPrefix($0.paperName + "-shaped") }?.rawValue ?? result.workload
    }
}
