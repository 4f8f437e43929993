import PreflightMetrics
/// The report a person opens after a run: one self-contained HTML file with the verdict first,
/// then the go-live checklist, the load charts, where the time went, every step's figures, the
/// failed requests and whether the run itself can be trusted.
///
/// Self-contained because the file travels: it is a CI artifact, an attachment to a go-live
/// ticket, a file opened on a laptop without network. Styles are inline, charts are SVG drawn
/// here, and there is no script at all. Every string that came from a plan or a server is
/// escaped, so a hostile step name or response body is shown, never run.
public enum HTMLReportRenderer {
    public static func render(_ report: RunReport) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(documentTitle(report).htmlEscaped)</title>
            <style>
            \(HTMLStyleSheet.css)</style>
            </head>
            <body>
            <main>

            """
        html += banner(report)
        html += facts(report)
        html += HTMLChecklist.render(report)
        if let load = report.load { html += HTMLLoadCharts.render(load) }
        html += HTMLPhaseSection.render(report)
        html += HTMLStepTable.render(report)
        html += HTMLFailureSamples.render(report)
        if let load = report.load { html += HTMLValiditySection.render(load) }
        html += "<footer>Rendered by \(report.tool.name.htmlEscaped) \(report.tool.version.htmlEscaped) from a report of schema version \(report.schemaVersion). "
        html += "Re-render a saved JSON report with <code>preflight report REPORT.json</code>.</footer>\n"
        return html + "</main>\n</body>\n</html>\n"
    }

    private static func documentTitle(_ report: RunReport) -> String {
        "\(report.verdict.status.word): \(report.run.planName) (\(report.run.profile)) - Preflight"
    }

    private static func banner(_ report: RunReport) -> String {
        let verdict = report.verdict
        var html = "<header class=\"banner \(verdict.status.rawValue)\">\n"
        html += "<p class=\"verdict\">\(verdict.status.word)<span class=\"exit\">exit \(verdict.exitCode)</span></p>\n"
        html += "<h1>\(report.run.planName.htmlEscaped) <span class=\"sub\">profile \(report.run.profile.htmlEscaped), \(report.run.mode.htmlEscaped) run</span></h1>\n"
        if !verdict.reasons.isEmpty {
            html += "<ul class=\"reasons\">\n" + verdict.reasons.map { "<li>\($0.htmlEscaped)</li>\n" }.joined() + "</ul>\n"
        }
        return html + "</header>\n"
    }

    private static func facts(_ report: RunReport) -> String {
        let run = report.run
        var rows = [
            ("Plan", "\(run.planName.htmlEscaped) <span class=\"muted\">(\(run.planFile.htmlEscaped))</span>"),
            ("Plan SHA-256", "<code>\(run.planSHA256.htmlEscaped)</code>"),
            ("Started", run.startedAt.htmlEscaped),
            ("Ended", "\(run.endedAt.htmlEscaped) <span class=\"muted\">(\(NumberText.seconds(run.durationSeconds)))</span>"),
        ]
        if let connection = run.connection, connection.changesWhatWasTested {
            rows.append(("Connections", connection.summary.htmlEscaped))
        }
        if !report.targets.isEmpty {
            rows.append(("Targets", report.targets.map { "\($0.name.htmlEscaped) <code>\($0.url.htmlEscaped)</code>" }.joined(separator: "; ")))
        }
        return "<dl class=\"facts\">\n" + rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>\n" }.joined() + "</dl>\n"
    }
}
