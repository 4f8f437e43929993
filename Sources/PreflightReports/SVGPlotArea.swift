import Foundation

/// The frame shared by the report's x/y charts: one fixed coordinate system (the SVG scales to
/// its container), gridlines with round-number labels, axis titles and a legend.
///
/// Charts are drawn in Swift as static SVG so the HTML report needs no script, font or library
/// from anywhere: it has to open from a CI artifact store or an air-gapped laptop.
struct SVGPlotArea {
    static let width = 640.0
    /// Height of the plot itself; the legend above and the axis labels below add to it.
    static let plotHeight = 192.0
    static let left = 64.0
    static let right = 608.0
    var left: Double { Self.left }
    var right: Double { Self.right }
    /// Below the legend's rows.
    let top: Double
    var bottom: Double { top + Self.plotHeight }
    var height: Double { bottom + 48 }
    var xUpper: Double
    var yUpper: Double

    init(xUpper: Double, yUpper: Double, legend: SVGLegend) {
        self.xUpper = xUpper
        self.yUpper = yUpper
        top = legend.height + 12
    }

    func x(_ value: Double) -> Double { left + (right - left) * value / (xUpper > 0 ? xUpper : 1) }
    func y(_ value: Double) -> Double { bottom - (bottom - top) * value / (yUpper > 0 ? yUpper : 1) }

    /// The opening tag with an accessible name; every string passed here is escaped.
    func open(title: String, description: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(Int(Self.width)) \(Int(height.rounded(.up)))\" role=\"img\"><title>\(title.htmlEscaped)</title><desc>\(description.htmlEscaped)</desc>"
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
