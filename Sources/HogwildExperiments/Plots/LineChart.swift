import HogwildCore
import HogwildSupport

/// A line chart written as a standalone SVG file: axes with ticks, linear or log
/// scales, several series with markers and a legend, optional error bars (for
/// repeats) and dashed reference lines (for the ideal linear speedup).
///
/// Every series is one `<g class="series" data-series="NAME">` group, so tests and
/// scripts can find it again in the file.
///
/// ```swift
/// var chart = LineChart(title: "Speedup, RCV1-shaped SVM", xLabel: "threads", yLabel: "speedup")
/// chart.series.append(.init(name: "HOGWILD!", points: [.init(x: 1, y: 1), .init(x: 2, y: 1.8)]))
/// try chart.write(to: "speedup.svg")
/// ```
public struct LineChart: Sendable {
    /// One point, with an optional error bar from `low` to `high`.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var low: Double?
        public var high: Double?
        public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil) {
            self.x = x
            self.y = y
            self.low = low
            self.high = high
        }
    }

    public struct Series: Sendable {
        public var name: String
        public var points: [Point]
        /// Drawn dashed without markers (reference lines such as "ideal").
        public var isReference: Bool
        /// Its colour (an SVG colour: a scheme's own); nil takes the palette's next.
        public var color: String?
        public init(name: String, points: [Point], isReference: Bool = false, color: String? = nil) {
            self.name = name
            self.points = points
            self.isReference = isReference
            self.color = color
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: AxisScale = .linear
    public var yScale: AxisScale = .linear
    /// Whether the linear y axis starts at 0.
    public var yIncludesZero = true
    public var series: [Series] = []
    /// A note under the title (the machine, the command); wrapped to two lines.
    public var subtitle: String?
    /// Explicit x tick values (e.g. the thread counts); nil: automatic 1-2-5 or decades.
    public var xTicks: [Double]?
    public var width = 760.0
    public var height = 460.0

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    static let palette = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
    ]

    /// The chart as SVG text.
    public func svg() -> String {
        let frame = Frame(self)
        let f = Frame.f
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <title>\(Self.escape(title))</title>
            <rect x="0" y="0" width="\(Int(width))" height="\(Int(height))" fill="white"/>
            <text x="\(f(frame.left))" y="24" font-size="16" font-weight="bold">\(Self.escape(title))</text>

            """
        for (index, line) in frame.subtitleLines.enumerated() {
            out +=
                "<text x=\"\(f(frame.left))\" y=\"\(f(42 + 14 * Double(index)))\" font-size=\"11\" "
                + "fill=\"#555\">\(Self.escape(line))</text>\n"
        }
        out += axes(frame)
        for (index, s) in series.enumerated() { out += seriesGroup(s, index: index, frame: frame) }
        out += legend(frame)
        return out + "</svg>\n"
    }

    /// Where everything goes: the margins (the legend column as wide as the longest
    /// series name needs), the axes, and the map from data to picture coordinates.
    struct Frame {
        let subtitleLines: [String]
        let left: Double, top: Double, plotWidth: Double, plotHeight: Double
        let xAxis: Axis, yAxis: Axis
        let xTickValues: [Double]

        init(_ chart: LineChart) {
            subtitleLines = chart.subtitle.map { LineChart.wrap($0, width: 110) } ?? []
            let longest = chart.series.map(\.name.count).max() ?? 0
            left = 78
            let right = max(150.0, 60.0 + 7.2 * Double(longest))
            top = 48.0 + 14.0 * Double(subtitleLines.count)
            plotWidth = chart.width - left - right
            plotHeight = chart.height - top - 58
            let xs = chart.series.flatMap { $0.points.map(\.x) }
            let ys = chart.series.flatMap { $0.points.flatMap { [$0.y, $0.low ?? $0.y, $0.high ?? $0.y] } }
            xAxis = Axis(values: xs + (chart.xTicks ?? []), scale: chart.xScale)
            xTickValues = chart.xTicks ?? xAxis.ticks
            yAxis = Axis(values: ys, scale: chart.yScale, includeZero: chart.yIncludesZero && chart.yScale == .linear)
        }

        func px(_ x: Double) -> Double { left + xAxis.fraction(x) * plotWidth }
        func py(_ y: Double) -> Double { top + (1 - yAxis.fraction(y)) * plotHeight }
        static func f(_ v: Double) -> String { String(printf: "%.2f", v) }
    }

    /// The grid, the plot's frame, the tick labels and the axis titles.
    func axes(_ frame: Frame) -> String {
        let f = Frame.f
        let (left, top, plotWidth, plotHeight) = (frame.left, frame.top, frame.plotWidth, frame.plotHeight)
        var out = "<g class=\"axes\" stroke=\"#ccc\" stroke-width=\"1\">\n"
        for t in frame.xTickValues {
            let x = frame.px(t)
            out += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + plotHeight))\"/>\n"
        }
        for t in frame.yAxis.ticks {
            let y = frame.py(t)
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y))\"/>\n"
        }
        out += "</g>\n"
        out +=
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" "
            + "fill=\"none\" stroke=\"#333\"/>\n"
        out += "<g class=\"tick-labels\" fill=\"#333\">\n"
        for t in frame.xTickValues {
            out +=
                "<text x=\"\(f(frame.px(t)))\" y=\"\(f(top + plotHeight + 18))\" "
                + "text-anchor=\"middle\">\(Self.escape(Axis.label(t, scale: xScale)))</text>\n"
        }
        for t in frame.yAxis.ticks {
            out +=
                "<text x=\"\(f(left - 8))\" y=\"\(f(frame.py(t) + 4))\" "
                + "text-anchor=\"end\">\(Self.escape(Axis.label(t, scale: yScale)))</text>\n"
        }
        out += "</g>\n"
        out +=
            "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 14))\" text-anchor=\"middle\" "
            + "font-size=\"13\">\(Self.escape(xLabel + (xScale == .log ? " (log scale)" : "")))</text>\n"
        out +=
            "<text x=\"18\" y=\"\(f(top + plotHeight / 2))\" text-anchor=\"middle\" font-size=\"13\" "
            + "transform=\"rotate(-90 18 "
            + "\(f(top + plotHeight / 2)))\">\(Self.escape(yLabel + (yScale == .log ? " (log scale)" : "")))</text>\n"
        return out
    }

    /// Series `index`: its line, error bars and markers. Each is drawn a little thinner
    /// than the one before it and with its own marker shape, so two series that coincide
    /// (HOGWILD! and hot replicas with K = 0) show as a wide line with a thin one inside,
    /// never as one line.
    func seriesGroup(_ s: Series, index: Int, frame: Frame) -> String {
        let f = Frame.f
        let color = s.isReference ? "#888" : s.color ?? Self.palette[index % Self.palette.count]
        let points = s.points.filter(drawable).sorted { $0.x < $1.x }
        var out = "<g class=\"series\" data-series=\"\(Self.escape(s.name))\" stroke=\"\(color)\" fill=\"\(color)\">\n"
        if points.count > 1 {
            let path = points.map { "\(f(frame.px($0.x))),\(f(frame.py($0.y)))" }.joined(separator: " ")
            out +=
                "<polyline fill=\"none\" "
                + "stroke-width=\"\(f(Self.lineWidth(index)))\"\(s.isReference ? " stroke-dasharray=\"6 4\"" : "") "
                + "points=\"\(path)\"/>\n"
        }
        if !s.isReference {
            for p in points {
                if let low = p.low, let high = p.high, low.isFinite, high.isFinite,
                    yScale == .linear || (low > 0 && high > 0)
                {
                    let x = frame.px(p.x), yLow = frame.py(low), yHigh = frame.py(high)
                    out +=
                        "<line class=\"error-bar\" x1=\"\(f(x))\" y1=\"\(f(yLow))\" x2=\"\(f(x))\" "
                        + "y2=\"\(f(yHigh))\" stroke-width=\"1.5\"/>\n"
                    out +=
                        "<line x1=\"\(f(x - 4))\" y1=\"\(f(yLow))\" x2=\"\(f(x + 4))\" y2=\"\(f(yLow))\" "
                        + "stroke-width=\"1.5\"/>\n"
                    out +=
                        "<line x1=\"\(f(x - 4))\" y1=\"\(f(yHigh))\" x2=\"\(f(x + 4))\" y2=\"\(f(yHigh))\" "
                        + "stroke-width=\"1.5\"/>\n"
                }
                let title =
                    "\(Self.escape(s.name)): (\(Axis.label(p.x, scale: .linear)), \(String(printf: "%.4g", p.y)))"
                out += Self.marker(index, x: frame.px(p.x), y: frame.py(p.y), title: title) + "\n"
            }
        }
        return out + "</g>\n"
    }

    /// Whether `p` can be drawn: finite, and positive on a log axis.
    func drawable(_ p: Point) -> Bool {
        p.x.isFinite && p.y.isFinite && (xScale == .linear || p.x > 0) && (yScale == .linear || p.y > 0)
    }

    /// One line of the legend for every series, right of the plot.
    func legend(_ frame: Frame) -> String {
        let f = Frame.f
        var out = "<g class=\"legend\">\n"
        for (index, s) in series.enumerated() {
            let color = s.isReference ? "#888" : s.color ?? Self.palette[index % Self.palette.count]
            let y = frame.top + 10 + Double(index) * 20
            let x = frame.left + frame.plotWidth + 16
            out += "<g stroke=\"\(color)\" fill=\"\(color)\">"
            out +=
                "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 24))\" y2=\"\(f(y))\" "
                + "stroke-width=\"\(f(Self.lineWidth(index)))\"\(s.isReference ? " stroke-dasharray=\"6 4\"" : "")/>"
            if !s.isReference { out += Self.marker(index, x: x + 12, y: y, title: nil) }
            out += "</g>\n"
            out += "<text x=\"\(f(x + 30))\" y=\"\(f(y + 4))\">\(Self.escape(s.name))</text>\n"
        }
        return out + "</g>\n"
    }

    /// The line width of series `index`: 3.5 for the first, then 0.5 less each, at least 1.25.
    static func lineWidth(_ index: Int) -> Double { max(1.25, 3.5 - 0.5 * Double(index)) }

    /// Series `index`'s marker at (x, y): circle, square, triangle, diamond, inverted
    /// triangle, in turn, shrinking like the lines.
    static func marker(_ index: Int, x: Double, y: Double, title: String?) -> String {
        let r = max(2.5, 5 - 0.5 * Double(index))
        let tip = title.map { "<title>\($0)</title>" } ?? ""
        func f(_ v: Double) -> String { String(printf: "%.1f", v) }
        func polygon(_ corners: [(Double, Double)]) -> String {
            let points = corners.map { "\(f(x + $0.0 * r)),\(f(y + $0.1 * r))" }.joined(separator: " ")
            return "<polygon points=\"\(points)\">\(tip)</polygon>"
        }
        switch index % 5 {
        case 0: return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\">\(tip)</circle>"
        case 1:
            return
                "<rect x=\"\(f(x - r * 0.85))\" y=\"\(f(y - r * 0.85))\" width=\"\(f(r * 1.7))\" "
                + "height=\"\(f(r * 1.7))\">\(tip)</rect>"
        case 2: return polygon([(0, -1.15), (1, 0.6), (-1, 0.6)])
        case 3: return polygon([(0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)])
        default: return polygon([(0, 1.15), (1, -0.6), (-1, -0.6)])
        }
    }

    /// Writes the chart to `path`.
    public func write(to path: String) throws {
        try ResultFiles.writeText(svg(), to: path)
    }

    /// Splits `text` into at most two lines of about `width` characters, at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        // Greedy, as many lines as the text needs (a long data description once ran past
        // the picture's edge on its second line); a word longer than a line is cut.
        var lines: [String] = []
        var line = ""
        for var word in text.split(separator: " ").map(String.init) {
            while word.count > width {
                if !line.isEmpty {
                    lines.append(line)
                    line = ""
                }
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            if line.isEmpty {
                line = word
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
