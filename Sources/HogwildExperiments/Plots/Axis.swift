import HogwildCore
import HogwildPlatform
import HogwildSupport

/// How an axis maps data to the page.
public enum AxisScale: String, Sendable, Codable {
    case linear
    /// Base-10 logarithmic; only positive values are drawn.
    case log

    /// Log when the positive values span a decade or more (a first epoch that falls far),
    /// linear otherwise: a log axis drawn for data between 0.76 and 1 is a decade of
    /// empty page with the curves squeezed at its top.
    public static func suited(to values: [Double]) -> AxisScale {
        let positive = values.filter { $0.isFinite && $0 > 0 }
        guard let low = positive.min(), let high = positive.max(), positive.count == values.count else {
            return .linear
        }
        return high >= 10 * low ? .log : .linear
    }
}

/// One axis: its range, scale and tick marks.
struct Axis {
    let scale: AxisScale
    let low: Double
    let high: Double

    /// An axis that covers `values` with a little margin (linear) or whole decades (log).
    init(values: [Double], scale: AxisScale, includeZero: Bool = false) {
        self.scale = scale
        let finite = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        var lo = finite.min() ?? (scale == .log ? 1 : 0)
        var hi = finite.max() ?? (scale == .log ? 10 : 1)
        switch scale {
        case .linear:
            if includeZero {
                lo = min(lo, 0)
                hi = max(hi, 0)
            }
            if lo == hi {
                lo -= 1
                hi += 1
            }
            let step = Axis.niceStep((hi - lo) / 5)
            let top = hi
            lo = (lo / step).rounded(.down) * step
            hi = (hi / step).rounded(.up) * step
            // Headroom when the data end exactly on the top tick, so a curve there (an
            // ideal line) is not drawn on the frame.
            if abs(hi - top) <= step * 1e-9 { hi += step }
        case .log:
            lo = pow(10, floor(log10(lo)))
            hi = pow(10, ceil(log10(hi)))
            if lo == hi { hi = lo * 10 }
        }
        low = lo
        high = hi
    }

    /// The position of `value` along the axis, 0 at `low` and 1 at `high`.
    func fraction(_ value: Double) -> Double {
        switch scale {
        case .linear: return (value - low) / (high - low)
        case .log: return (log10(value) - log10(low)) / (log10(high) - log10(low))
        }
    }

    /// Tick values: 1-2-5 steps (linear) or decades (log).
    var ticks: [Double] {
        switch scale {
        case .linear:
            let step = Axis.niceStep((high - low) / 5)
            var ticks: [Double] = []
            var v = low
            while v <= high + step * 1e-9 {
                ticks.append(abs(v) < step * 1e-9 ? 0 : v)
                v += step
            }
            return ticks
        case .log:
            var ticks: [Double] = []
            var v = low
            while v <= high * 1.000001 {
                ticks.append(v)
                v *= 10
            }
            return ticks
        }
    }

    /// The smallest of 1, 2, 5 × 10^k at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw * 0.999 { return m * magnitude }
        return 10 * magnitude
    }

    /// A compact label for a tick value.
    static func label(_ value: Double, scale: AxisScale) -> String {
        if scale == .log {
            let exponent = Int(log10(value).rounded())
            if abs(exponent) >= 4 { return "1e\(exponent)" }
        }
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-3 { return String(printf: "%.1e", value) }
        var text = String(printf: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
