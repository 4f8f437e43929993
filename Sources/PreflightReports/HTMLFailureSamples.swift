/// The failed requests kept as samples, in full: request line, status, category, every
/// expectation that did not hold, the transport error and the start of the response. Enough to
/// start triage without rerunning anything.
enum HTMLFailureSamples {
    static func render(_ report: RunReport) -> String {
        var html = "<section id=\"failures\">\n<h2>Failure samples</h2>\n"
        var any = false
        for flow in report.flows {
            for step in flow.steps {
                for sample in step.failureSamples {
                    any = true
                    html += article(sample, step: "\(flow.name) / \(step.name)", showIteration: report.load == nil)
                }
            }
        }
        if !any { html += "<p class=\"muted\">No failed request was sampled.</p>\n" }
        return html + "</section>\n"
    }

    private static func article(_ sample: FailureSample, step: String, showIteration: Bool) -> String {
        var meta: [String] = []
        // Smoke runs number iterations from 0 in the JSON; people count from 1.
        if showIteration { meta.append("iteration \(sample.iteration + 1)") }
        meta.append(FailureSampleText.category(sample))
        if let status = sample.status { meta.append("status \(status)") }
        var html = "<article class=\"sample\">\n<h3>\(step.htmlEscaped)<span class=\"meta\">\(meta.joined(separator: " · ").htmlEscaped)</span></h3>\n"
        html += "<p><code>\(sample.requestLine.htmlEscaped)</code></p>\n"
        if !sample.failures.isEmpty {
            html += "<ul>\n" + sample.failures.map {
                "<li><strong>\($0.subject.htmlEscaped)</strong>: expected \($0.expected.htmlEscaped), got \($0.actual.htmlEscaped)</li>\n"
            }.joined() + "</ul>\n"
        }
        if let message = sample.transportMessage { html += "<p>transport: \(message.htmlEscaped)</p>\n" }
        if let headers = sample.responseHeaders, !headers.isEmpty {
            html += "<details><summary>response headers</summary><pre>\(headers.joined(separator: "\n").htmlEscaped)</pre></details>\n"
        }
        if let excerpt = sample.responseExcerpt { html += "<pre>\(excerpt.htmlEscaped)</pre>\n" }
        return html + "</article>\n"
    }
}
