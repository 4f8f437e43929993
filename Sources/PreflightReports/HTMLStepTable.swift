import PreflightMetrics

/// Every flow and step with its counts and latency percentiles: the numbers behind the
/// checklist and the charts. Load runs show service time and latency from the intended send
/// time side by side; the difference is the queueing a user on schedule would have seen.
enum HTMLStepTable {
    static func render(_ report: RunReport) -> String {
        let isLoad = report.load != nil
        var header = "<tr><th rowspan=\"2\">flow / step</th>"
        header += isLoad ? "" : "<th rowspan=\"2\">result</th>"
        header += "<th class=\"num\" rowspan=\"2\">requests</th><th class=\"num\" rowspan=\"2\">ok</th><th class=\"num\" rowspan=\"2\">failed</th>"
        header += isLoad ? "<th class=\"num\" rowspan=\"2\">checks</th>" : "<th class=\"num\" rowspan=\"2\">skipped</th>"
        header += "<th rowspan=\"2\">failures by category</th><th class=\"num\" colspan=\"4\">service time</th>"
        header += isLoad ? "<th class=\"num\" colspan=\"4\">from intended send (corrected)</th>" : ""
        header += "</tr>\n<tr>" + String(repeating: percentileHeaders, count: isLoad ? 2 : 1) + "</tr>\n"
        let columns = isLoad ? 14 : 11
        var body = ""
        for flow in report.flows {
            body += "<tr class=\"flow\"><td colspan=\"\(columns)\">\(flow.name.htmlEscaped) <span class=\"muted\">\(flowSummary(flow).htmlEscaped)</span></td></tr>\n"
            for step in flow.steps { body += row(step, isLoad: isLoad) }
        }
        if report.flows.isEmpty { body = "<tr><td colspan=\"\(columns)\" class=\"muted\">The run has no flows.</td></tr>\n" }
        return """
            <section id="steps">
            <h2>Flows and steps</h2>
            <table class="steps">
            <thead>
            \(header)</thead>
            <tbody>
            \(body)</tbody>
            </table>
            \(provenance(report.provenance))</section>

            """
    }

    /// What the latency columns measure, as the run recorded it.
    private static func provenance(_ provenance: LatencyProvenance?) -> String {
        guard let provenance else { return "" }
        var parts = ["Service time: \(provenance.service)."]
        if let corrected = provenance.corrected { parts.append("Corrected latency: \(corrected).") }
        parts.append("Percentiles from \(provenance.histogram), \(provenance.significantDigits) significant digits.")
        return "<p class=\"muted\">\(parts.joined(separator: " ").htmlEscaped)</p>\n"
    }

    private static let percentileHeaders = "<th class=\"num\">p50</th><th class=\"num\">p95</th><th class=\"num\">p99</th><th class=\"num\">max</th>"

    private static func flowSummary(_ flow: FlowReport) -> String {
        var text = "\(flow.passedIterations) of \(flow.iterations) iterations passed"
        if let duration = flow.duration, duration.count > 0 {
            let figures = [duration.p50Ms, duration.p95Ms, duration.p99Ms].map(NumberText.milliseconds).joined(separator: " / ")
            text += "; flow duration p50 / p95 / p99 \(figures)"
        }
        return text
    }

    private static func row(_ step: StepReport, isLoad: Bool) -> String {
        let connection = [step.httpVersionSummary, step.tls?.summary].compactMap { $0 }.joined(separator: " · ")
        let detail = connection.isEmpty ? "" : "<br><span class=\"muted\">\(connection.htmlEscaped)</span>"
        var cells = ["<td>\(step.name.htmlEscaped)\(detail)</td>"]
        if !isLoad { cells.append("<td>\(StepOutcome(step).label)</td>") }
        cells += [step.requests, step.results[ResultCategory.ok.rawValue] ?? 0, step.failed].map { "<td class=\"num\">\($0)</td>" }
        if isLoad {
            let checks = step.checksTotal.map { "\(step.checksPassed ?? 0) / \($0)" } ?? "-"
            cells.append("<td class=\"num\">\(checks)</td>")
        } else {
            cells.append("<td class=\"num\">\(step.skipped)</td>")
        }
        cells.append("<td>\(CategoryOrder.failures(step.results).htmlEscaped)</td>")
        cells += percentiles(step.latency)
        if isLoad { cells += percentiles(step.correctedLatency ?? LatencySummary()) }
        return "<tr>" + cells.joined() + "</tr>\n"
    }

    private static func percentiles(_ summary: LatencySummary) -> [String] {
        [summary.p50Ms, summary.p95Ms, summary.p99Ms, summary.maxMs].map {
            "<td class=\"num\">\(summary.count > 0 ? NumberText.milliseconds($0) : "-")</td>"
        }
    }
}
