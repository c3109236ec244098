import Foundation
import Testing
import HogwildTestSupport
@testable import HogwildExperiments

@Suite struct ChartAndTableTests {
    @Test func linearTicksAreOneTwoFiveSteps() {
        let axis = Axis(values: [0.3, 7.9], scale: .linear, includeZero: true)
        #expect(axis.low == 0 && axis.high == 8)
        #expect(axis.ticks == [0, 2, 4, 6, 8])
    }

    @Test func logTicksAreDecades() {
        let axis = Axis(values: [3, 2_000_000], scale: .log)
        #expect(axis.ticks == [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000])
        #expect(abs(axis.fraction(1_000) - 3.0 / 7) < 1e-9)
        #expect(Axis.label(1_000_000, scale: .log) == "1e6")
    }

    @Test func chartEscapesTextAndKeepsEverySeries() {
        var chart = LineChart(title: "a < b & \"c\"", xLabel: "x", yLabel: "y")
        chart.series = [.init(name: "HOGWILD!", points: [.init(x: 1, y: 1, low: 0.9, high: 1.1), .init(x: 2, y: 1.9)]),
                        .init(name: "ideal", points: [.init(x: 1, y: 1), .init(x: 2, y: 2)], isReference: true)]
        let svg = chart.svg()
        #expect(svg.contains("a &lt; b &amp; &quot;c&quot;"))
        #expect(svg.contains("data-series=\"HOGWILD!\"") && svg.contains("data-series=\"ideal\""))
        #expect(svg.contains("class=\"error-bar\"") && svg.contains("stroke-dasharray"))
    }

    @Test func csvQuotesAndParsesBack() throws {
        var table = CSVTable(header: ["a", "b"])
        table.append(["plain", "with, comma"])
        table.append(["\"quoted\"", "line\nbreak"])
        let back = try CSVTable.parse(table.text)
        #expect(back == table)
        #expect(throws: CSVError.self) { try CSVTable.parse("a,b\n1\n") }
        #expect(throws: CSVError.unknownColumn("c", available: ["a", "b"])) { try back.column("c") }
    }

    @Test func sweepSpeedupsDivideTheSerialTime() throws {
        let workload = try WorkloadCatalog.make(WorkloadSpec(kind: .svm, source: .synthetic(.rcv1, scale: 0.002)))
        let plan = SweepPlan(threads: [2], schemes: [.globalLock], repeats: 2, epochs: 2, schedule: workload.defaultSchedule)
        let result = try Sweep.run(workload, plan: plan)
        // The serial reference is run although the plan does not list it.
        let serial = result.measurements.filter { $0.scheme == .hogwild && $0.threads == 1 }
        #expect(serial.count == 2)
        let cell = try #require(result.summaries.first)
        #expect(cell.runs == 2)
        #expect(abs(cell.speedup - median(serial.map(\.seconds)) / cell.medianSeconds) < 1e-12)
        #expect(cell.speedupLow <= cell.speedup && cell.speedup <= cell.speedupHigh)
        #expect(result.target > 0)
    }
}
