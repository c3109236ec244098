import Foundation
import Testing
import HogwildCore
import HogwildData
import HogwildTestSupport
@testable import HogwildExperiments

@Suite struct ChartAndTableTests {
    /// A long subtitle (a data set's whole description) wraps onto as many lines as it
    /// needs, none past the width, every word kept in order.
    @Test func aLongSubtitleWrapsWithinTheWidth() {
        let text = (0..<60).map { "word\($0)" }.joined(separator: " ") + " " + String(repeating: "x", count: 130)
        let lines = LineChart.wrap(text, width: 110)
        #expect(lines.count >= 4 && lines.allSatisfy { $0.count <= 110 }, "\(lines)")
        #expect(lines.joined(separator: " ").replacingOccurrences(of: "x x", with: "xx") == text)
        #expect(LineChart.wrap("short", width: 110) == ["short"])
    }

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

    @Test func seriesThatCoincideStayVisible() throws {
        // HOGWILD! and hot replicas with K = 0 give the same points; the second used to
        // hide the first entirely.
        let points: [LineChart.Point] = [.init(x: 1, y: 1), .init(x: 2, y: 1.9), .init(x: 4, y: 3.5)]
        var chart = LineChart(title: "t", xLabel: "x", yLabel: "y")
        chart.series = [.init(name: "HOGWILD!", points: points), .init(name: "hot replicas", points: points)]
        let svg = chart.svg()
        let groups = svg.components(separatedBy: "<g class=\"series\"").dropFirst().map { $0.components(separatedBy: "</g>")[0] }
        #expect(groups.count == 2)
        let widths = try groups.map { group in try #require(group.firstMatch(of: #/stroke-width="([0-9.]+)"/#)).1 }
        #expect(Double(widths[0])! > Double(widths[1])!, "the later line is drawn thinner on top: \(widths)")
        #expect(groups[0].contains("<circle") && !groups[1].contains("<circle") && groups[1].contains("<rect"),
                "each series has its own marker shape")
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

    @Test func sweepSpeedupsDivideTheMedianSerialTimeByEachCellsMedian() throws {
        // Scripted timings: serial HOGWILD! takes 2 s then 4 s (median 3); locked SGD at
        // 2 threads 1, 5 and 3 s (median 3, so speedup 1; fastest 3/1, slowest 3/5).
        let workload = ScriptedWorkload(seconds: [.hogwild: [2, 4, 4], .globalLock: [1, 5, 3]])
        let plan = SweepPlan(threads: [2], schemes: [.globalLock], repeats: 3, epochs: 1, schedule: .constant(0.1))
        let result = try Sweep.run(workload, plan: plan)
        // The serial reference is run although the plan does not list it.
        #expect(result.measurements.filter { $0.scheme == .hogwild && $0.threads == 1 }.count == 3)
        let cell = try #require(result.summaries.first)
        #expect(cell.runs == 3 && cell.medianSeconds == 3 && cell.minSeconds == 1 && cell.maxSeconds == 5)
        #expect(cell.speedup == 4.0 / 3 && cell.speedupHigh == 4 && cell.speedupLow == 0.8)
    }

    @Test func timeToTargetIsTheFirstEpochAtOrBelowTheTarget() throws {
        // Objectives fall 1, 0.5, 0.25 at 1, 2, 3 s; the default target is 1% above the
        // serial run's final objective (0.2525), first reached at 3 s.
        let workload = ScriptedWorkload(seconds: [.hogwild: [3, 3]], objectives: [1, 0.5, 0.25])
        let plan = SweepPlan(threads: [1], schemes: [.hogwild], epochs: 3, schedule: .constant(0.1))
        let result = try Sweep.run(workload, plan: plan)
        #expect(abs(result.target - 0.2525) < 1e-12)
        #expect(result.summaries.first?.medianTimeToTarget == 3)
        var explicit = plan
        explicit.target = 0.6
        #expect(try Sweep.run(workload, plan: explicit).summaries.first?.medianTimeToTarget == 2)
    }
}

/// A workload that trains nothing and reports prescribed timings: run k of a scheme
/// (counting from 0, in the sweep's order) takes `seconds[scheme][k]` over its epochs,
/// spread evenly, with `objectives` after each epoch.
final class ScriptedWorkload: Workload, @unchecked Sendable {
    let spec = WorkloadSpec(kind: .svm)
    let summary = "scripted timings"
    let defaultSchedule = StepSchedule.constant(0.1)
    let seconds: [SchemeKind: [Double]]
    let objectives: [Double]?
    /// Runs made so far per scheme (the sweep calls `run` from one thread).
    var made: [SchemeKind: Int] = [:]

    init(seconds: [SchemeKind: [Double]], objectives: [Double]? = nil) {
        self.seconds = seconds
        self.objectives = objectives
    }

    func statistics() -> SparsityStatistics { fatalError("not used") }
    var memoryFootprint: Int { 0 }

    func run(scheme: SchemeChoice, optimizer: OptimizerChoice, configuration: TrainingConfiguration,
             control: RunControl, onEpoch: (EpochReport) -> Void) throws -> WorkloadRun {
        let k = made[scheme.kind, default: 0]
        made[scheme.kind] = k + 1
        let total = seconds[scheme.kind]![k]
        let epochs = (1...configuration.epochs).map { e in
            EpochReport(epoch: e, stepSize: 0.1, seconds: total / Double(configuration.epochs),
                        elapsed: total * Double(e) / Double(configuration.epochs), updates: 10, samples: 10,
                        objective: objectives?[e - 1] ?? 1)
        }
        let report = TrainingReport(scheme: scheme.kind, optimizer: optimizer.name, configuration: configuration,
                                    epochs: epochs, initialObjective: 2, finalObjective: epochs.last!.objective!,
                                    stoppedEarly: false)
        return WorkloadRun(scheme: scheme, optimizer: optimizer, report: report, metrics: [:])
    }
}
