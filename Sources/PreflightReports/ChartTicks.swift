import Foundation

/// Axis ticks at round numbers, so a reader can read values off a chart without a legend of
/// scale factors: 0, 50, 100, 150 rather than 0, 47.3, 94.6.
struct ChartTicks: Equatable {
    /// Tick values from 0 to ``upper``.
    var values: [Double]
    /// The top of the axis: the last tick, at or above the largest value plotted.
    var upper: Double
    var labels: [String]

    /// Up to about `count` intervals of 1, 2, 2.5 or 5 times a power of ten, covering 0...`maximum`.
    static func linear(upTo maximum: Double, count: Int = 5) -> ChartTicks {
        let top = maximum.isFinite && maximum > 0 ? maximum : 1
        let raw = top / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let multiplier = [1, 2, 2.5, 5, 10].first { $0 * magnitude >= raw * (1 - 1e-9) } ?? 10
        let step = multiplier * magnitude
        let intervals = Int((top / step - 1e-9).rounded(.up))
        let values = (0...max(intervals, 1)).map { Double($0) * step }
        let decimals = max(0, -Int(log10(magnitude).rounded())) + (multiplier == 2.5 && magnitude <= 1 ? 1 : 0)
        return ChartTicks(values: values, upper: values.last ?? top, labels: values.map { String(format: "%.\(decimals)f", $0) })
    }

    /// Ticks for elapsed time at steps a clock reads naturally (10 s, 30 s, 1 min, 5 min...),
    /// labelled `45s` for short runs and `m:ss` or `h:mm:ss` for longer ones.
    static func elapsed(upTo seconds: Double, count: Int = 6) -> ChartTicks {
        let top = seconds.isFinite && seconds > 0 ? seconds : 1
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400]
        let step = steps.first { top / $0 <= Double(count) } ?? (top / Double(count)).rounded(.up)
        let intervals = Int((top / step - 1e-9).rounded(.up))
        let values = (0...max(intervals, 1)).map { Double($0) * step }
        let upper = values.last ?? top
        return ChartTicks(values: values, upper: upper, labels: values.map { clock($0, long: upper >= 60) })
    }

    private static func clock(_ seconds: Double, long: Bool) -> String {
        let whole = Int(seconds.rounded())
        guard long else { return "\(whole)s" }
        let (hours, minutes, rest) = (whole / 3600, whole % 3600 / 60, whole % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
