import Foundation

/// The frame shared by the report's x/y charts: one fixed coordinate system (the SVG scales to
/// its container), gridlines with round-number labels, axis titles and a legend.
///
/// Charts are drawn in Swift as static SVG so the HTML report needs no script, font or library
/// from anywhere: it has to open from a CI artifact store or an air-gapped laptop.
struct SVGPlotArea {
    struct LegendItem {
        var name: String
        var color: String
        var dashed = false
        /// A filled swatch (an area) rather than a line.
        var filled = false
    }

    static let width = 640.0
    static let height = 280.0
    let left = 64.0
    let right = 624.0
    let top = 40.0
    let bottom = 232.0
    var xUpper: Double
    var yUpper: Double

    func x(_ value: Double) -> Double { left + (right - left) * value / (xUpper > 0 ? xUpper : 1) }
    func y(_ value: Double) -> Double { bottom - (bottom - top) * value / (yUpper > 0 ? yUpper : 1) }

    /// The opening tag with an accessible name; every string passed here is escaped.
    static func open(title: String, description: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\"><title>\(title.htmlEscaped)</title><desc>\(description.htmlEscaped)</desc>"
    }

    /// Horizontal gridlines at the y ticks, vertical ones at the x ticks, labels and titles.
    func axes(x xTicks: [(value: Double, label: String)], y yTicks: ChartTicks, xTitle: String, yTitle: String) -> String {
        var svg = "<g class=\"axes\">"
        for (value, label) in zip(yTicks.values, yTicks.labels) {
            let position = SVGNumber.format(y(value))
            svg += "<line class=\"grid\" x1=\"\(SVGNumber.format(left))\" y1=\"\(position)\" x2=\"\(SVGNumber.format(right))\" y2=\"\(position)\"/>"
            svg += "<text class=\"tick\" x=\"\(SVGNumber.format(left - 6))\" y=\"\(position)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(label.htmlEscaped)</text>"
        }
        for (value, label) in xTicks {
            let position = SVGNumber.format(x(value))
            svg += "<line class=\"grid\" x1=\"\(position)\" y1=\"\(SVGNumber.format(top))\" x2=\"\(position)\" y2=\"\(SVGNumber.format(bottom))\"/>"
            svg += "<text class=\"tick\" x=\"\(position)\" y=\"\(SVGNumber.format(bottom + 16))\" text-anchor=\"middle\">\(label.htmlEscaped)</text>"
        }
        svg += "<line class=\"axis\" x1=\"\(SVGNumber.format(left))\" y1=\"\(SVGNumber.format(bottom))\" x2=\"\(SVGNumber.format(right))\" y2=\"\(SVGNumber.format(bottom))\"/>"
        svg += "<text class=\"axis-title\" x=\"\(SVGNumber.format((left + right) / 2))\" y=\"\(SVGNumber.format(bottom + 38))\" text-anchor=\"middle\">\(xTitle.htmlEscaped)</text>"
        let middle = SVGNumber.format((top + bottom) / 2)
        svg += "<text class=\"axis-title\" x=\"14\" y=\"\(middle)\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(middle))\">\(yTitle.htmlEscaped)</text>"
        return svg + "</g>"
    }

    /// One row of swatches and names above a chart, starting at `left`.
    static func legend(_ items: [LegendItem], from left: Double) -> String {
        var svg = "<g class=\"legend\">"
        var offset = left
        for item in items {
            let swatch = item.filled
                ? "<rect x=\"\(SVGNumber.format(offset))\" y=\"10\" width=\"18\" height=\"10\" fill=\"\(item.color)\"/>"
                : "<line x1=\"\(SVGNumber.format(offset))\" y1=\"15\" x2=\"\(SVGNumber.format(offset + 18))\" y2=\"15\" stroke=\"\(item.color)\" stroke-width=\"2.5\"\(item.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            svg += swatch
            svg += "<text x=\"\(SVGNumber.format(offset + 23))\" y=\"15\" dominant-baseline=\"middle\">\(item.name.htmlEscaped)</text>"
            offset += 23 + Double(item.name.count) * 6.6 + 18
        }
        return svg + "</g>"
    }
}

/// Coordinates with one decimal: precise enough on any screen, and short enough that an hour of
/// one-second points stays a small file.
enum SVGNumber {
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
