import Foundation
import Testing
import Hogwild
import HogwildTestSupport
@testable import HogwildTool

/// `hogwild reproduce`: the files each target promises, and that they hold what the
/// paper's table and figures need.
///
/// The whole quick reproduction takes minutes from a release build but far longer in
/// the debug build `swift test` makes (no generic specialization at -Onone), so the
/// suite checks files the release binary wrote when `HOGWILD_REPRODUCTION_DIR` names
/// them (`.ci/run` does: it runs `hogwild reproduce all --scale quick` first), and
/// otherwise says why it skipped; Table 2's recipe also runs here on smaller sets.
@Suite struct ReproduceTests {
    static let directory = ProcessInfo.processInfo.environment["HOGWILD_REPRODUCTION_DIR"]

    @Test(.enabled(if: directory != nil,
                   "set HOGWILD_REPRODUCTION_DIR to the output of `hogwild reproduce all --scale quick` to check it"))
    func quickReproductionWroteTheTableAndEveryFigure() throws {
        let dir = Self.directory!
        try Self.checkReproduction(in: dir, setup: PaperSetup.make(.quick, cores: MachineInfo.current().cores))
        let machine = try ResultFiles.decoder().decode(MachineInfo.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/machine.json")))
        // Written by this machine (run the reproduction and the tests on one machine).
        let here = MachineInfo.current()
        #expect(machine.cores == here.cores && machine.cpuModel == here.cpuModel && machine.memoryBytes == here.memoryBytes)
    }

    /// The whole reproduction (`reproduce all`) run here, in the debug build, on sets a
    /// tenth of the quick scale's, 3 epochs for Table 2 and 1 for the figures at 1 and 2
    /// threads: every file each target promises, with what the paper's table and
    /// figures need; and Table 2's ρ and Δ those of the data each row trained on.
    @Test func aSmallReproductionWritesTheTableAndEveryFigure() throws {
        var setup = PaperSetup.make(.quick, cores: 2)
        setup.threads = [1, 2]
        setup.tableThreads = 2
        setup.tableEpochs = 3
        setup.figureEpochs = 1
        setup.repeats = 1
        setup.sizes = setup.sizes.mapValues { $0 / 10 }
        setup.delays = [1, 1_000, 100_000]
        setup.delayBudgetSeconds = 0.01
        let dir = TemporaryDirectory()
        try PaperReproduction(target: .all, setup: setup, directory: dir.path).run()
        try Self.checkReproduction(in: dir.path, setup: setup)
        let table = try ResultFiles.decoder().decode(
            Table2Result.self, from: Data(contentsOf: URL(fileURLWithPath: dir.path + "/table2.json")))
        for row in table.rows {
            // The generators are seeded: the same spec makes the same data again.
            let statistics = try WorkloadCatalog.make(setup.spec(row.paper.data)).statistics()
            #expect(row.rho == statistics.rho && row.delta == statistics.delta, "\(row.paper.problem)")
        }
    }

    /// Table 2's files (``checkTable2(in:)``) and each figure's: its SVG with a series per
    /// scheme, a summary row per scheme and thread count, each cell the median of the
    /// setup's repeats, and the delay experiment at every delay of the setup.
    static func checkReproduction(in dir: String, setup: PaperSetup) throws {
        try checkTable2(in: dir)
        let schemes = PaperRecipes.figureSchemes.map(\.figureLabel)
        for figure in ["fig3-rcv1", "fig3-abdomen", "fig3-dblife", "fig4-netflix", "fig4-kdd", "fig4-jumbo"] {
            let svg = try SVGInspector.inspect(dir + "/\(figure).svg")
            #expect(svg.series == schemes + ["ideal (linear)"], "\(figure)")
            let summary = try CSVTable.read(dir + "/\(figure)-summary.csv")
            let result = try ResultFiles.decoder().decode(SweepResult.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/\(figure)-results.json")))
            #expect(result.plan.threads == setup.threads && result.plan.repeats == setup.repeats, "\(figure)")
            #expect(summary.rows.count == PaperRecipes.figureSchemes.count * setup.threads.count, "\(figure)")
            #expect(result.summaries.allSatisfy { $0.runs == setup.repeats }, "\(figure)")
            #expect(result.workload.dataName == String(figure.dropFirst(5)), "\(figure)")
        }
        let delay = try SVGInspector.inspect(dir + "/fig5-delay.svg")
        #expect(delay.series.prefix(3) == ["HOGWILD!", "AIG", "RR"], "\(delay.series)")
        let delays = try CSVTable.read(dir + "/fig5-delay-summary.csv")
        let column = try delays.column("delay_ns")
        #expect(Set(delays.rows.map { $0[column] }) == Set(setup.delays.map(String.init)))
    }

    /// The three files of a Table 2 run: a row per problem in each, HOGWILD!'s
    /// objective lower than where it started on the SVM and matrix completion (the
    /// cuts' relaxed objective rises at first, see docs/reproduction.md), the SVM's
    /// errors below chance, RR ÷ HOGWILD! the ratio of the two times shown.
    static func checkTable2(in dir: String) throws {
        let table = try String(contentsOfFile: dir + "/table2.md", encoding: .utf8)
        for row in PaperNumbers.table2 {
            #expect(table.contains("| \(row.problem) |"), "table 2 has a row for \(row.problem)")
        }
        let csv = try CSVTable.read(dir + "/table2.csv")
        #expect(csv.rows.map { $0[0] } == PaperNumbers.table2.map(\.problem))
        let result = try ResultFiles.decoder().decode(Table2Result.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/table2.json")))
        #expect(result.rows.map(\.paper.problem) == PaperNumbers.table2.map(\.problem))
        let ratio = try csv.column("rr_over_hogwild"), rr = try csv.column("rr_seconds")
        let hogwild = try csv.column("hogwild_seconds")
        for (row, line) in zip(result.rows, csv.rows) {
            let problem = row.paper.problem
            #expect(row.rho > 0 && row.rho <= 1 && row.delta > 0 && row.delta <= 1, "\(problem)")
            #expect(Double(line[ratio]).map { abs($0 - Double(line[rr])! / Double(line[hogwild])!) < 1e-9 } == true, "\(problem)")
            let parts = row.quality.split(separator: "/").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            switch row.paper.kind {
            case .cuts:
                #expect(row.finalObjective.isFinite && Double(row.quality).map { $0 >= 0 } == true, "\(problem): \(row.quality)")
            case .svm:
                #expect(row.finalObjective < (row.initialObjective ?? -.infinity), "\(problem)")
                #expect(parts.count == 2 && parts.allSatisfy { ($0 ?? 1) < 0.5 }, "\(problem): errors \(row.quality)")
            default:
                #expect(row.finalObjective < (row.initialObjective ?? -.infinity), "\(problem)")
                #expect(parts.count == 2 && parts.allSatisfy { ($0 ?? -1) >= 0 }, "\(problem): RMSEs \(row.quality)")
            }
        }
    }
}
