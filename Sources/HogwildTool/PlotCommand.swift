import Hogwild
import HogwildCommandLine

/// `hogwild plot`: a line chart of two columns of a CSV file.
struct PlotCommand: Command {
    static let name = "plot"
    static let summary = "draw columns of a CSV file (any of the result files) as an SVG line chart"
    static let help = """
        usage: hogwild plot FILE.csv --x COL --y COL [--group COL] [--log-x] [--log-y]
                            [--title TEXT] --out FILE.svg

        One series per distinct value of --group (or one series), points sorted by x.
        Rows whose x or y is empty are left out and counted; any other non-number is an
        error naming the line.

        example:
          hogwild plot results/scale/summary.csv --x threads --y speedup --group scheme --out speedup.svg
        """

    var file: String
    var x: String
    var y: String
    var group: String?
    var logX: Bool
    var logY: Bool
    var title: String?
    var out: String

    init(arguments args: inout Arguments) throws(UsageError) {
        guard let file = args.positional() else {
            throw .missingArgument(name: "FILE.csv", expected: "the CSV file to plot")
        }
        self.file = file
        guard let x = try args.optionalOption("--x", expected: "a column name", Parse.string) else {
            throw .missingArgument(name: "--x", expected: "the column for the x axis")
        }
        guard let y = try args.optionalOption("--y", expected: "a column name", Parse.string) else {
            throw .missingArgument(name: "--y", expected: "the column for the y axis")
        }
        self.x = x
        self.y = y
        group = try args.optionalOption("--group", expected: "a column name", Parse.string)
        logX = args.flag("--log-x")
        logY = args.flag("--log-y")
        title = try args.optionalOption("--title", expected: "a title", Parse.string)
        guard let out = try args.optionalOption("--out", expected: "an .svg path", Parse.string) else {
            throw .missingArgument(name: "--out", expected: "the SVG file to write")
        }
        self.out = out
    }

    func run() throws {
        let table = try CSVTable.read(file)
        let chart = try Self.chart(
            table, x: x, y: y, group: group, logX: logX, logY: logY, title: title ?? "\(y) vs \(x)")
        try chart.chart.write(to: out)
        Output.line(
            "wrote \(out): \(chart.chart.series.count) series, "
                + "\(chart.chart.series.map(\.points.count).reduce(0, +)) points"
                + (chart.skipped > 0 ? "; \(chart.skipped) rows with an empty \(x) or \(y) left out" : ""))
    }

    static func chart(
        _ table: CSVTable, x: String, y: String, group: String?, logX: Bool, logY: Bool,
        title: String
    ) throws -> (chart: LineChart, skipped: Int) {
        let xi = try table.column(x), yi = try table.column(y)
        let gi = try group.map { try table.column($0) }
        var series: [String: [LineChart.Point]] = [:]
        var order: [String] = []
        var skipped = 0
        for (index, row) in table.rows.enumerated() {
            if row[xi].isEmpty || row[yi].isEmpty {
                skipped += 1
                continue
            }
            guard let xv = Double(row[xi]) else {
                throw CSVError.notNumeric(column: x, line: index + 2, value: row[xi])
            }
            guard let yv = Double(row[yi]) else {
                throw CSVError.notNumeric(column: y, line: index + 2, value: row[yi])
            }
            let key = gi.map { row[$0] } ?? y
            if series[key] == nil { order.append(key) }
            series[key, default: []].append(.init(x: xv, y: yv))
        }
        var chart = LineChart(title: title, xLabel: x, yLabel: y)
        chart.xScale = logX ? .log : .linear
        chart.yScale = logY ? .log : .linear
        chart.yIncludesZero = false
        chart.series = order.map { .init(name: $0, points: series[$0]!) }
        return (chart, skipped)
    }
}
