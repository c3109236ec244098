import Foundation
import Testing
import Hogwild
@testable import HogwildTool

/// `hogwild reproduce all --scale quick`: runs in CI time, and every file it promises
/// is there and sound.
///
/// The slowest test by far: the quick reproduction takes about 1.5 minutes in a release
/// build but 15–20 in the debug build `swift test` makes (no generic specialization at
/// -Onone). Skip it while iterating with `swift test --skip ReproduceTests`, or set
/// HOGWILD_SKIP_REPRODUCE=1; CI runs it.
@Suite(.timeLimit(.minutes(45)),
       .disabled(if: ProcessInfo.processInfo.environment["HOGWILD_SKIP_REPRODUCE"] != nil,
                 "HOGWILD_SKIP_REPRODUCE is set"))
struct ReproduceTests {
    @Test func quickReproductionWritesTheTableAndEveryFigure() throws {
        let dir = Scratch()
        #expect(HogwildTool.main(["reproduce", "all", "--scale", "quick", "--out", dir.path]) == 0)

        let table = try String(contentsOfFile: dir.file("table2.md"), encoding: .utf8)
        for row in PaperNumbers.table2 {
            #expect(table.contains("| \(row.problem) |"), "table 2 has a row for \(row.problem)")
        }
        let csv = try CSVTable.read(dir.file("table2.csv"))
        #expect(csv.rows.count == PaperNumbers.table2.count)

        let schemes = PaperRecipes.figureSchemes.map(\.paperLabel)
        for figure in ["fig3-rcv1", "fig3-abdomen", "fig3-dblife", "fig4-netflix", "fig4-kdd", "fig4-jumbo"] {
            let svg = try SVGInspector.inspect(dir.file("\(figure).svg"))
            #expect(svg.series == schemes + ["ideal (linear)"], "\(figure)")
            #expect(dir.exists("\(figure)-summary.csv") && dir.exists("\(figure)-results.json"))
        }
        let delay = try SVGInspector.inspect(dir.file("fig5-delay.svg"))
        #expect(delay.series.prefix(3) == ["HOGWILD!", "AIG", "RR"])
        let delays = try CSVTable.read(dir.file("fig5-delay-summary.csv"))
        #expect(Set(delays.rows.map { $0[3] }) == Set(["1", "10", "100", "1000", "10000", "100000", "1000000"]))
        let machine = try JSONDecoder().decode(MachineInfo.self, from: Data(contentsOf: URL(fileURLWithPath: dir.file("machine.json"))))
        #expect(machine.cores >= 1)
    }
}
