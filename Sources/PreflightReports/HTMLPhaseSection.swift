/// "Where the time goes": the phase breakdown of every step that got a response, as bars.
enum HTMLPhaseSection {
    static func render(_ report: RunReport) -> String {
        let rows = report.flows.flatMap { flow in
            flow.steps.filter { $0.latency.count > 0 }.map {
                SVGPhaseBars.Row(label: "\(flow.name) / \($0.name)", breakdown: PhaseBreakdown(step: $0))
            }
        }
        var html = "<section id=\"phases\">\n<h2>Where the time goes</h2>\n"
        guard !rows.isEmpty else { return html + "<p class=\"muted\">No step recorded timings.</p>\n</section>\n" }
        let chart = SVGPhaseBars(
            title: "Request phases per step",
            description: "Median DNS, connect, TLS, waiting and transfer time of each step, as stacked horizontal bars.",
            rows: rows
        )
        html += "<figure>\n\(chart.render())\n<figcaption>"
        html += "Medians per step, as curl measures them: each phase is the difference between the medians of consecutive cumulative timings, "
        html += "so a bar describes a typical request rather than adding up exactly; transfer is the median total minus the median time to first byte. "
        html += "Reused connections skip DNS, connect and TLS, which is why those are often zero."
        return html + "</figcaption>\n</figure>\n</section>\n"
    }
}
