/// Values over the elapsed time of a load run, as lines or as stacked areas: the achieved rate
/// against its target, latency percentiles, errors by category.
///
/// Stacking is for parts of a whole (errors by category): the top edge is the total, and
/// overlapping lines cannot hide one another.
struct SVGLineChart {
    struct Series {
        var name: String
        var color: String
        var dashed = false
        /// One value per entry of the chart's `elapsed`; nil where the interval has nothing to
        /// show (a latency with no requests), which breaks the line instead of plotting a zero.
        var values: [Double?]
    }

    var title: String
    var description: String
    var yTitle: String
    /// Seconds from the start of the run to the end of each interval.
    var elapsed: [Double]
    var series: [Series]
    var stacked = false

    func render() -> String {
        let layers = stacked ? stackedLayers() : series.map { (series: $0, base: nil as [Double]?, top: $0.values) }
        let highest = layers.flatMap { $0.top.compactMap { $0 } }.max() ?? 0
        let yTicks = ChartTicks.linear(upTo: highest)
        let xTicks = ChartTicks.elapsed(upTo: elapsed.max() ?? 0)
        let legend = SVGLegend(
            series.map { SVGLegend.Item(name: $0.name, color: $0.color, dashed: $0.dashed, filled: stacked) },
            from: SVGPlotArea.left, to: SVGPlotArea.width - 8
        )
        let area = SVGPlotArea(xUpper: xTicks.upper, yUpper: yTicks.upper, legend: legend)
        var svg = area.open(title: title, description: description)
        svg += area.axes(x: zip(xTicks.values, xTicks.labels).map { (value: $0, label: $1) }, y: yTicks, xTitle: "elapsed time", yTitle: yTitle)
        svg += legend.markup
        for layer in layers {
            svg += "<g class=\"series\"><title>\(layer.series.name.htmlEscaped)</title>"
            if let base = layer.base {
                svg += filledArea(for: layer.top.map { $0 ?? 0 }, base: base, color: layer.series.color, in: area)
            } else {
                svg += line(for: layer.top, series: layer.series, in: area)
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// Each series on top of the ones before it; a missing value counts as zero.
    private func stackedLayers() -> [(series: Series, base: [Double]?, top: [Double?])] {
        var running = Array(repeating: 0.0, count: elapsed.count)
        return series.map { series in
            let base = running
            for index in running.indices { running[index] += index < series.values.count ? series.values[index] ?? 0 : 0 }
            return (series: series, base: base, top: running.map(Optional.some))
        }
    }

    private func line(for values: [Double?], series: Series, in area: SVGPlotArea) -> String {
        var path = ""
        var dots = ""
        var previous: Double?
        for (index, value) in values.enumerated() where index < elapsed.count {
            guard let value else { previous = nil; continue }
            let point = "\(SVGNumber.format(area.x(elapsed[index]))) \(SVGNumber.format(area.y(value)))"
            path += (previous == nil ? "M" : "L") + point
            let next = index + 1 < values.count ? values[index + 1] : nil
            if previous == nil, next == nil {
                dots += "<circle cx=\"\(SVGNumber.format(area.x(elapsed[index])))\" cy=\"\(SVGNumber.format(area.y(value)))\" r=\"2.5\" fill=\"\(series.color)\"/>"
            }
            previous = value
        }
        let dash = series.dashed ? " stroke-dasharray=\"5 3\"" : ""
        return (path.isEmpty ? "" : "<path d=\"\(path)\" fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"1.8\" stroke-linejoin=\"round\"\(dash)/>") + dots
    }

    private func filledArea(for top: [Double], base: [Double], color: String, in area: SVGPlotArea) -> String {
        guard !top.isEmpty else { return "" }
        // A single interval has no width of its own: give it a sliver so it stays visible.
        let xs = top.count == 1 ? [max(elapsed[0] - 0.5, 0), elapsed[0]] : Array(elapsed.prefix(top.count))
        let tops = top.count == 1 ? [top[0], top[0]] : top
        let bases = top.count == 1 ? [base[0], base[0]] : base
        let upper = zip(xs, tops).map { "\(SVGNumber.format(area.x($0))),\(SVGNumber.format(area.y($1)))" }
        let lower = zip(xs, bases).reversed().map { "\(SVGNumber.format(area.x($0))),\(SVGNumber.format(area.y($1)))" }
        return "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.85\" stroke=\"\(color)\" stroke-width=\"0.8\"/>"
    }
}
