import HogwildCore

/// `hogwild reproduce`: runs the paper's recipes at a scale and writes every file —
/// `machine.json`, Table 2 as Markdown, CSV and JSON, and for each figure its SVG with
/// the summary, epochs and results files beside it — under one directory.
///
/// | target | files |
/// |---|---|
/// | `table2` | `table2.md`, `table2.csv`, `table2.json` |
/// | `fig3` | `fig3-{rcv1,abdomen,dblife}.svg` and `…-summary.csv`, `…-epochs.csv`, `…-results.json` |
/// | `fig4` | `fig4-{netflix,kdd,jumbo}.svg` and the same three files each |
/// | `fig5` | `fig5-delay.svg`, `fig5-delay-summary.csv`, `fig5-delay-epochs.csv`, `fig5-delay-results.json` |
///
/// ```swift
/// let reproduction = PaperReproduction(target: .table2, scale: .quick, directory: "results/quick")
/// let files = try reproduction.run { print($0) }
/// ```
public struct PaperReproduction: Sendable {
    public enum Target: String, Sendable, CaseIterable, Codable {
        case table2, fig3, fig4, fig5, all
        /// Not the paper's: the MLP and CNN on Fashion-MNIST (``DenseReproduction``); not part of `all`.
        case dense

        func includes(_ part: Target) -> Bool { self == part || self == .all }
    }

    public var target: Target
    public var scale: PaperScale { setup.scale }
    public var directory: String
    /// The machine the setup is sized for (its cores) and recorded in `machine.json`.
    public var machine: MachineInfo
    /// The sizes, threads and epochs this reproduction uses.
    public var setup: PaperSetup

    /// A reproduction at one of the named scales, sized for `machine`.
    public init(target: Target, scale: PaperScale, directory: String, machine: MachineInfo = .current()) {
        self.init(
            target: target, setup: PaperSetup.make(scale, cores: machine.cores), directory: directory, machine: machine)
    }

    /// A reproduction with sizes, threads and epochs of one's own (smaller sets for a
    /// test, say); the dense target goes by `setup.scale` alone.
    public init(target: Target, setup: PaperSetup, directory: String, machine: MachineInfo = .current()) {
        self.target = target
        self.setup = setup
        self.directory = directory
        self.machine = machine
    }

    /// Runs the target's recipes, writing files as each finishes; `log` gets progress
    /// lines and each result's text table. Returns the names of the files written.
    @discardableResult
    public func run(log: (String) -> Void = { _ in }) throws -> [String] {
        if target == .dense {
            return try DenseReproduction(scale: scale, directory: directory, machine: machine).run(log: log)
        }
        let setup = self.setup
        try ResultFiles.makeDirectory(directory)
        try ResultFiles.writeJSON(machine, to: directory + "/machine.json")
        var files = ["machine.json"]
        log("reproducing \(target.rawValue) at \(scale.rawValue) scale on \(machine.summary); threads \(setup.threads)")
        let cache = WorkloadCache()
        if target.includes(.table2) {
            let table = try PaperRecipes.table2(setup: setup, cache: cache, progress: log)
            files += try table.writeFiles(to: directory)
            log("\n" + table.markdown)
        }
        if target.includes(.fig3) {
            files += try writeSpeedups(
                try PaperRecipes.figure3(setup: setup, cache: cache, progress: log),
                figure: "fig3", title: "Figure 3", log: log)
        }
        if target.includes(.fig4) {
            files += try writeSpeedups(
                try PaperRecipes.figure4(setup: setup, cache: cache, progress: log),
                figure: "fig4", title: "Figure 4", log: log)
        }
        if target.includes(.fig5) {
            let result = try PaperRecipes.figure5(setup: setup, cache: cache, progress: log)
            files += try result.writeFiles(to: directory, prefix: "fig5-delay-")
            try result.delayChart(title: "Figure 5 — speedup vs gradient delay, RCV1-shaped SVM")
                .write(to: directory + "/fig5-delay.svg")
            files.append("fig5-delay.svg")
            log("\n" + result.textTable)
        }
        return files
    }

    /// Each sweep's files, prefixed by figure and data set, and its chart with the
    /// paper's headline for that data set in the subtitle.
    func writeSpeedups(
        _ results: [SweepResult], figure: String, title: String,
        log: (String) -> Void
    ) throws -> [String] {
        var files: [String] = []
        for result in results {
            let data = result.workload.spec.syntheticData
            let name = result.workload.dataName
            files += try result.writeFiles(to: directory, prefix: "\(figure)-\(name)-")
            var chart = result.speedupChart(
                title: "\(title) — speedup, \(data?.paperName ?? name)-shaped \(result.workload.name)")
            if let data, let headline = PaperNumbers.headlines[data] {
                chart.subtitle = (chart.subtitle ?? "") + "; paper: \(headline)"
            }
            try chart.write(to: directory + "/\(figure)-\(name).svg")
            files.append("\(figure)-\(name).svg")
            log("\n\(figure) \(name):\n" + result.textTable)
        }
        return files
    }
}
