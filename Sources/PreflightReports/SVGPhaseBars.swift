import PreflightMetrics
/// One horizontal stacked bar per step, showing which phase of a request dominates: slow DNS,
/// slow connection setup, a slow server (waiting) or a large response (transfer) each call
/// for a different fix.
struct SVGPhaseBars {
    struct Row {
        var label: String
        var breakdown: PhaseBreakdown
    }

    static let colors = ["#56B4E9", "#0072B2", "#CC79A7", "#E69F00", "#009E73"]
    static let width = 860.0
    private static let labelRight = 204.0
    private static let barLeft = 212.0
    private static let barRight = 780.0
    private static let rowHeight = 26.0
    /// Longest step label drawn in full; longer ones are cut, with the full name as a tooltip.
    private static let labelLimit = 28

    var title: String
    var description: String
    var rows: [Row]

    func render() -> String {
        let ticks = ChartTicks.linear(upTo: rows.map(\.breakdown.total).max() ?? 0, count: 4)
        let legend = SVGLegend(zip(PhaseBreakdown.names, Self.colors).map {
            SVGLegend.Item(name: $0, color: $1, filled: true)
        }, from: Self.barLeft, to: Self.width - 8)
        let top = legend.height + 4
        let height = top + Double(rows.count) * Self.rowHeight + 40
        let scale = (Self.barRight - Self.barLeft) / ticks.upper
        var svg = "<svg class=\"chart bars\" viewBox=\"0 0 \(Int(Self.width)) \(Int(height))\" role=\"img\"><title>\(title.htmlEscaped)</title><desc>\(description.htmlEscaped)</desc>"
        svg += legend.markup
        let axisBottom = top + Double(rows.count) * Self.rowHeight
        for (value, label) in zip(ticks.values, ticks.labels) {
            let x = SVGNumber.format(Self.barLeft + value * scale)
            svg += "<line class=\"grid\" x1=\"\(x)\" y1=\"\(SVGNumber.format(top - 4))\" x2=\"\(x)\" y2=\"\(SVGNumber.format(axisBottom))\"/>"
            svg += "<text class=\"tick\" x=\"\(x)\" y=\"\(SVGNumber.format(axisBottom + 16))\" text-anchor=\"middle\">\(label.htmlEscaped)</text>"
        }
        svg += "<text class=\"axis-title\" x=\"\(SVGNumber.format((Self.barLeft + Self.barRight) / 2))\" y=\"\(SVGNumber.format(axisBottom + 34))\" text-anchor=\"middle\">median milliseconds</text>"
        for (index, row) in rows.enumerated() {
            svg += bar(row, y: top + Double(index) * Self.rowHeight, scale: scale)
        }
        return svg + "</svg>"
    }

    private func bar(_ row: Row, y: Double, scale: Double) -> String {
        let middle = SVGNumber.format(y + Self.rowHeight / 2)
        let shown = row.label.count > Self.labelLimit ? String(row.label.prefix(Self.labelLimit - 1)) + "…" : row.label
        var svg = "<g class=\"bar\"><title>\(row.label.htmlEscaped)</title>"
        svg += "<text x=\"\(SVGNumber.format(Self.labelRight))\" y=\"\(middle)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(shown.htmlEscaped)</text>"
        var x = Self.barLeft
        for (index, milliseconds) in row.breakdown.segments.enumerated() where milliseconds > 0 {
            let width = milliseconds * scale
            let tip = "\(PhaseBreakdown.names[index]): \(NumberText.milliseconds(milliseconds))"
            svg += "<rect x=\"\(SVGNumber.format(x))\" y=\"\(SVGNumber.format(y + 6))\" width=\"\(SVGNumber.format(max(width, 0.5)))\" height=\"14\" fill=\"\(Self.colors[index])\"><title>\(tip.htmlEscaped)</title></rect>"
            x += width
        }
        svg += "<text class=\"value\" x=\"\(SVGNumber.format(x + 6))\" y=\"\(middle)\" dominant-baseline=\"middle\">\(NumberText.milliseconds(row.breakdown.total).htmlEscaped)</text>"
        return svg + "</g>"
    }
}
