import Foundation
import PreflightMetrics

/// Latency by percentile on a "nines" axis (0, 90%, 99%, 99.9%...), the classic HDR histogram
/// plot: the tail, where users give up, gets as much room as the median.
///
/// The line follows the full histogram when the report has one (see ``PercentileCurve``);
/// older reports have only the summary points (min, p50, p90, p95, p99, max), and then the line
/// between two points is an interpolation, which the caption says. The summary points are
/// marked either way.
struct SVGPercentileChart {
    struct Series {
        var name: String
        var color: String
        var dashed = false
        var summary: LatencySummary
        /// Points from the full histogram; nil to join the summary points.
        var curve: [(position: Double, milliseconds: Double)]?
    }

    var title: String
    var description: String
    var series: [Series]

    /// Position on the nines axis: 0 for 0%, 1 for 90%, 2 for 99%, 3 for 99.9%.
    static func nines(percentile: Double) -> Double {
        -log10(1 - percentile / 100)
    }

    /// The maximum sits where the largest of `count` samples sits, percentile `1 - 1/count`;
    /// never left of p99, so few samples still draw in order.
    static func maximumPosition(count: UInt64) -> Double {
        max(log10(Double(max(count, 1))), 2)
    }

    /// The points of one summary, in percentile order, with a name for each.
    static func points(of summary: LatencySummary) -> [(name: String, position: Double, milliseconds: Double)] {
        [
            ("min", 0, summary.minMs),
            ("p50", nines(percentile: 50), summary.p50Ms),
            ("p90", nines(percentile: 90), summary.p90Ms),
            ("p95", nines(percentile: 95), summary.p95Ms),
            ("p99", nines(percentile: 99), summary.p99Ms),
            ("max", maximumPosition(count: summary.count), summary.maxMs),
        ]
    }

    func render() -> String {
        let drawn = series.filter { $0.summary.count > 0 }
        let reach = drawn.map { Self.maximumPosition(count: $0.summary.count) }.max() ?? 2
        let decades = max(3, Int(reach.rounded(.up)))
        let highest = drawn.flatMap { [$0.summary.maxMs] + ($0.curve ?? []).map(\.milliseconds) }.max() ?? 0
        let yTicks = ChartTicks.linear(upTo: highest)
        let legend = SVGLegend(drawn.map { SVGLegend.Item(name: $0.name, color: $0.color, dashed: $0.dashed) }, from: SVGPlotArea.left, to: SVGPlotArea.width - 8)
        let area = SVGPlotArea(xUpper: Double(decades), yUpper: yTicks.upper, legend: legend)
        let xTicks = (0...decades).map { (value: Double($0), label: Self.percentileLabel(nines: $0)) }
        var svg = area.open(title: title, description: description)
        svg += area.axes(x: xTicks, y: yTicks, xTitle: "percentile", yTitle: "latency (ms)")
        svg += legend.markup
        for series in drawn {
            let points = Self.points(of: series.summary)
            let line = series.curve ?? points.map { (position: $0.position, milliseconds: $0.milliseconds) }
            let path = line.enumerated().map { index, point in
                (index == 0 ? "M" : "L") + "\(SVGNumber.format(area.x(point.position))) \(SVGNumber.format(area.y(point.milliseconds)))"
            }.joined()
            svg += "<g class=\"series\"><title>\(series.name.htmlEscaped)</title>"
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"2\" stroke-linejoin=\"round\"\(series.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            for point in points {
                let label = "\(series.name) \(point.name): \(NumberText.milliseconds(point.milliseconds))"
                svg += "<circle cx=\"\(SVGNumber.format(area.x(point.position)))\" cy=\"\(SVGNumber.format(area.y(point.milliseconds)))\" r=\"3.5\" fill=\"\(series.color)\"><title>\(label.htmlEscaped)</title></circle>"
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// `0%`, `90%`, `99%`, `99.9%`, `99.99%`...
    static func percentileLabel(nines: Int) -> String {
        switch nines {
        case 0: "0%"
        case 1: "90%"
        case 2: "99%"
        default: "99." + String(repeating: "9", count: nines - 2) + "%"
        }
    }
}
