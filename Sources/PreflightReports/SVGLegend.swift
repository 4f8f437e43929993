/// The swatches and names above a chart, wrapped onto as many rows as they need, so a run with
/// many error categories still shows every one. Long names are shortened, with the full name as
/// a tooltip.
struct SVGLegend {
    struct Item {
        var name: String
        var color: String
        var dashed = false
        /// A filled swatch (an area or a bar) rather than a line.
        var filled = false
    }

    static let rowHeight = 16.0
    /// Longest name drawn in full.
    private static let nameLimit = 26
    /// Average advance of a legend character at the charts' font size.
    private static let characterWidth = 7.4

    private(set) var markup = ""
    private(set) var rows = 0

    /// Lays the items out from `left` to `right`, starting a new row where one would overflow.
    init(_ items: [Item], from left: Double, to right: Double) {
        guard !items.isEmpty else { return }
        var x = left
        rows = 1
        markup = "<g class=\"legend\">"
        for item in items {
            let shown = item.name.count > Self.nameLimit ? String(item.name.prefix(Self.nameLimit - 1)) + "…" : item.name
            let width = 23 + Double(shown.count) * Self.characterWidth
            if x > left, x + width > right {
                rows += 1
                x = left
            }
            let middle = Double(rows - 1) * Self.rowHeight + 15
            markup += "<g><title>\(item.name.htmlEscaped)</title>"
            markup += item.filled
                ? "<rect x=\"\(SVGNumber.format(x))\" y=\"\(SVGNumber.format(middle - 5))\" width=\"18\" height=\"10\" fill=\"\(item.color)\"/>"
                : "<line x1=\"\(SVGNumber.format(x))\" y1=\"\(SVGNumber.format(middle))\" x2=\"\(SVGNumber.format(x + 18))\" y2=\"\(SVGNumber.format(middle))\" stroke=\"\(item.color)\" stroke-width=\"2.5\"\(item.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            markup += "<text x=\"\(SVGNumber.format(x + 23))\" y=\"\(SVGNumber.format(middle))\" dominant-baseline=\"middle\">\(shown.htmlEscaped)</text></g>"
            x += width + 16
        }
        markup += "</g>"
    }

    /// Vertical space the rows take from the top of the chart.
    var height: Double { Double(rows) * Self.rowHeight + 8 }
}
