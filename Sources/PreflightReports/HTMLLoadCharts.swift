import PreflightMetrics

/// The load section of the HTML report: the key figures, then four charts that answer, in
/// order, "did we offer the planned load?", "how slow did it get, and when?", "what failed,
/// and when?" and "how bad is the tail?".
enum HTMLLoadCharts {
    static func render(_ load: LoadSection) -> String {
        var html = "<section id=\"load\">\n<h2>Load</h2>\n"
        html += "<p>\(load.executor.htmlEscaped); \(load.model.htmlEscaped) model; ran \(NumberText.seconds(load.elapsedSeconds)) of \(NumberText.seconds(load.plannedSeconds)) planned.</p>\n"
        html += figures(load)
        html += "<div class=\"charts\">\n"
        if load.timeSeries.isEmpty {
            html += "<p class=\"muted\">The run recorded no time series (it ended within its first interval).</p>\n"
        } else {
            html += rateChart(load) + latencyChart(load) + errorChart(load)
        }
        html += percentileChart(load)
        return html + "</div>\n</section>\n"
    }

    private static func figures(_ load: LoadSection) -> String {
        let overall = load.overall
        let corrected = overall.correctedLatency
        let failedShare = overall.requests > 0 ? " (\(NumberText.percent(Double(overall.failures) / Double(overall.requests))))" : ""
        let tiles = [
            ("requests", "\(overall.requests)"),
            ("request rate", NumberText.perSecond(overall.requestRate)),
            ("failed", "\(overall.failures)\(failedShare)"),
            ("latency p50", NumberText.milliseconds(corrected.p50Ms)),
            ("latency p95", NumberText.milliseconds(corrected.p95Ms)),
            ("latency p99", NumberText.milliseconds(corrected.p99Ms)),
            ("latency max", NumberText.milliseconds(corrected.maxMs)),
            ("service time p99", NumberText.milliseconds(overall.serviceLatency.p99Ms)),
        ]
        return "<div class=\"figures\">\n" + tiles.map {
            "<div class=\"figure\"><div class=\"label\">\($0.0.htmlEscaped)</div><div class=\"value\">\($0.1.htmlEscaped)</div></div>\n"
        }.joined() + "</div>\n"
    }

    private static func figure(_ heading: String, _ svg: String, caption: String) -> String {
        "<figure>\n<h3>\(heading.htmlEscaped)</h3>\n\(svg)\n<figcaption>\(caption.htmlEscaped)</figcaption>\n</figure>\n"
    }

    /// Requests per second against the target. The schedule's target counts iterations, and an
    /// iteration sends one request per step it reaches, so the target is converted with the run's
    /// average number of requests per started iteration.
    private static func rateChart(_ load: LoadSection) -> String {
        let points = load.timeSeries
        var series = [SVGLineChart.Series(name: "achieved requests/s", color: ChartPalette.blue, values: points.map(\.requestRate))]
        var caption = "Requests completed per second in each interval."
        var heading = "Request rate"
        let started = load.schedule.startedIterations
        if load.model == "open", started > 0, points.contains(where: { $0.targetRate > 0 }) {
            let perIteration = Double(load.overall.requests) / Double(started)
            series.insert(SVGLineChart.Series(
                name: "target requests/s", color: ChartPalette.grey, dashed: true,
                values: points.map { $0.isWithinSchedule(endingAt: load.measuredSeconds) ? $0.targetRate * perIteration : nil }
            ), at: 0)
            caption += String(
                format: " The target is the schedule's iteration rate times the run's %.2f requests per started iteration; it ends where the schedule did.", perIteration
            )
            heading += ": achieved vs target"
        } else {
            caption += " A closed-model run has no target rate: its users send as fast as responses allow."
        }
        let chart = SVGLineChart(
            title: "Request rate over time", description: "Achieved requests per second and the target, per interval.",
            yTitle: "requests/s", elapsed: points.map(\.elapsedSeconds), series: series
        )
        return figure(heading, chart.render(), caption: caption)
    }

    private static func latencyChart(_ load: LoadSection) -> String {
        let points = load.timeSeries
        func values(_ percentile: KeyPath<TimeSeriesSample, Double>) -> [Double?] {
            points.map { $0.requests > 0 ? $0[keyPath: percentile] : nil }
        }
        let chart = SVGLineChart(
            title: "Latency percentiles over time", description: "p50, p95 and p99 latency per interval, in milliseconds.",
            yTitle: "latency (ms)", elapsed: points.map(\.elapsedSeconds),
            series: [
                SVGLineChart.Series(name: "p50", color: ChartPalette.green, values: values(\.p50Ms)),
                SVGLineChart.Series(name: "p95", color: ChartPalette.orange, values: values(\.p95Ms)),
                SVGLineChart.Series(name: "p99", color: ChartPalette.vermillion, values: values(\.p99Ms)),
            ]
        )
        return figure(
            "Latency over time", chart.render(),
            caption: "Latency of the requests completed in each interval, measured from the time each request was meant to be sent, so queueing behind a slow server counts. Gaps are intervals without requests."
        )
    }

    private static func errorChart(_ load: LoadSection) -> String {
        let points = load.timeSeries
        let categories = CategoryOrder.sorted(points.reduce(into: [String: UInt64]()) { totals, point in
            for (category, count) in point.errors { totals[category, default: 0] += count }
        }).filter { $0.count > 0 }.map(\.category)
        guard !categories.isEmpty else {
            return "<figure>\n<h3>Errors over time</h3>\n<p class=\"muted\">No request failed during the run.</p>\n</figure>\n"
        }
        let series = categories.map { category in
            SVGLineChart.Series(
                name: category, color: ChartPalette.color(forCategory: category),
                values: points.map { point in
                    point.intervalSeconds > 0 ? Double(point.errors[category] ?? 0) / point.intervalSeconds : nil
                }
            )
        }
        let chart = SVGLineChart(
            title: "Errors over time by category", description: "Failed requests per second in each interval, stacked by result category.",
            yTitle: "errors/s", elapsed: points.map(\.elapsedSeconds), series: series, stacked: true
        )
        return figure("Errors over time", chart.render(), caption: "Failed requests per second, stacked by result category: the top edge is all failures.")
    }

    private static func percentileChart(_ load: LoadSection) -> String {
        let overall = load.overall
        guard overall.correctedLatency.count > 0 || overall.serviceLatency.count > 0 else {
            return "<figure>\n<h3>Latency by percentile</h3>\n<p class=\"muted\">No request completed with a timing.</p>\n</figure>\n"
        }
        let histograms = overall.histograms
        let series = [
            SVGPercentileChart.Series(
                name: "from intended send", color: ChartPalette.vermillion, summary: overall.correctedLatency,
                curve: histograms?.corrected.map(PercentileCurve.points)
            ),
            SVGPercentileChart.Series(
                name: "service time", color: ChartPalette.blue, dashed: true, summary: overall.serviceLatency,
                curve: histograms.map { PercentileCurve.points(of: $0.service) }
            ),
        ]
        let chart = SVGPercentileChart(
            title: "Latency by percentile",
            description: "Latency by percentile on a logarithmic percentile axis, with min, p50, p90, p95, p99 and max marked.",
            series: series
        )
        let fromHistograms = series.allSatisfy { $0.summary.count == 0 || $0.curve != nil }
        let source = fromHistograms
            ? "Drawn from the run's full latency histograms; the dots mark min, p50, p90, p95, p99 and max."
            : "Drawn from the summary points min, p50, p90, p95, p99 and max only (this report has no histograms): lines between the points are interpolated."
        return figure(
            "Latency by percentile", chart.render(),
            caption: "All requests of the run. \(source) The max sits at percentile 1 - 1/requests. The gap between the two lines is time spent waiting to be sent."
        )
    }
}
