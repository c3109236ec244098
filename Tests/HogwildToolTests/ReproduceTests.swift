import Foundation
import Testing
import Hogwild
import HogwildTestSupport
@testable import HogwildTool

/// `hogwild reproduce`: the files each target promises, and that they hold what the
/// paper's table and figures need.
///
/// The whole quick reproduction takes about 2 minutes from a release build but 15–20
/// in the debug build `swift test` makes (no generic specialization at -Onone), so the
/// suite checks files the release binary wrote when `HOGWILD_REPRODUCTION_DIR` names
/// them (`.ci/run` does: it runs `hogwild reproduce all --scale quick` first), and
/// otherwise says why it skipped.
@Suite struct ReproduceTests {
    static let directory = ProcessInfo.processInfo.environment["HOGWILD_REPRODUCTION_DIR"]

    @Test(.enabled(if: directory != nil,
                   "set HOGWILD_REPRODUCTION_DIR to the output of `hogwild reproduce all --scale quick` (.ci/run does)"))
    func quickReproductionWroteTheTableAndEveryFigure() throws {
        let dir = Self.directory!
        try Self.checkTable2(in: dir)
        let schemes = PaperRecipes.figureSchemes.map(\.figureLabel)
        for figure in ["fig3-rcv1", "fig3-abdomen", "fig3-dblife", "fig4-netflix", "fig4-kdd", "fig4-jumbo"] {
            let svg = try SVGInspector.inspect(dir + "/\(figure).svg")
            #expect(svg.series == schemes + ["ideal (linear)"], "\(figure)")
            let summary = try CSVTable.read(dir + "/\(figure)-summary.csv")
            let result = try ResultFiles.decoder().decode(SweepResult.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/\(figure)-results.json")))
            // One summary row per scheme and thread count, each the median of the repeats.
            #expect(summary.rows.count == result.plan.schemes.count * result.plan.threads.count, "\(figure)")
            #expect(result.summaries.allSatisfy { $0.runs == result.plan.repeats }, "\(figure)")
            #expect(result.workload.dataName == String(figure.dropFirst(5)), "\(figure)")
        }
        let delay = try SVGInspector.inspect(dir + "/fig5-delay.svg")
        #expect(delay.series == ["HOGWILD!", "AIG", "RR", "ideal (2×)"] || delay.series.prefix(3) == ["HOGWILD!", "AIG", "RR"])
        let delays = try CSVTable.read(dir + "/fig5-delay-summary.csv")
        let column = try delays.column("delay_ns")
        #expect(Set(delays.rows.map { $0[column] }) == Set(["1", "10", "100", "1000", "10000", "100000", "1000000"]))
        let machine = try ResultFiles.decoder().decode(MachineInfo.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/machine.json")))
        // Written by this machine (CI runs the reproduction and the tests on one machine).
        let here = MachineInfo.current()
        #expect(machine.cores == here.cores && machine.cpuModel == here.cpuModel && machine.memoryBytes == here.memoryBytes)
    }

    /// Table 2 at quick scale, run here: its three files, a row per problem, and every
    /// row's numbers in range.
    @Test(.timeLimit(.minutes(10)))
    func table2WritesARowPerProblemWithSaneNumbers() throws {
        let dir = TemporaryDirectory()
        #expect(HogwildTool.main(["reproduce", "table2", "--scale", "quick", "--out", dir.path]) == 0)
        try Self.checkTable2(in: dir.path)
    }

    static func checkTable2(in dir: String) throws {
        let table = try String(contentsOfFile: dir + "/table2.md", encoding: .utf8)
        for row in PaperNumbers.table2 {
            #expect(table.contains("| \(row.problem) |"), "table 2 has a row for \(row.problem)")
        }
        let csv = try CSVTable.read(dir + "/table2.csv")
        #expect(csv.rows.map { $0[0] } == PaperNumbers.table2.map(\.problem))
        let result = try ResultFiles.decoder().decode(Table2Result.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/table2.json")))
        for row in result.rows {
            #expect(row.hogwildSeconds > 0 && row.roundRobinSeconds > 0, "\(row.paper.problem)")
            #expect(row.rho > 0 && row.rho <= 1 && row.delta > 0 && row.delta <= 1, "\(row.paper.problem)")
            #expect(row.finalObjective.isFinite, "\(row.paper.problem)")
            if row.paper.kind != .cuts {
                // train / test: errors or RMSEs, both finite and non-negative.
                let parts = row.quality.split(separator: "/").map { Double($0.trimmingCharacters(in: .whitespaces)) }
                #expect(parts.count == 2 && parts.allSatisfy { ($0 ?? -1) >= 0 }, "\(row.paper.problem): \(row.quality)")
            }
        }
    }
}
