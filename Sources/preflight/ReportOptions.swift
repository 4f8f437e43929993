import ArgumentParser
import Foundation
import PreflightReports

/// Where reports go, which formats are written, and how much is printed.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Directory for the reports.", valueName: "dir"))
    var out: String = "reports"

    @Flag(help: "Skip the HTML report (JSON is always written).")
    var noHTML = false

    @Flag(help: "Also write JUnit XML, for CI test-result views.")
    var junit = false

    @Flag(help: "Also write a Markdown summary (appended to $GITHUB_STEP_SUMMARY whenever that is set).")
    var markdown = false

    @Flag(help: "Print only the final summary, not a line per step or live progress.")
    var quiet = false

    /// Writes every chosen format atomically, next to each other, and returns their paths.
    func write(_ report: RunReport, planFile: String) throws -> [String] {
        let stem = URL(fileURLWithPath: planFile).deletingPathExtension().lastPathComponent
        let stamp = report.run.startedAt.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "").prefix(15)
        let base = URL(fileURLWithPath: out).appendingPathComponent("\(stem)-\(report.run.profile)-\(stamp)").path
        var written: [String] = []
        func save(_ bytes: [UInt8], _ suffix: String) throws {
            try AtomicFileWriter.write(bytes, to: base + suffix)
            written.append(base + suffix)
        }
        try save(try JSONReportRenderer.render(report), ".json")
        if !noHTML { try save(Array(HTMLReportRenderer.render(report).utf8), ".html") }
        if junit { try save(Array(JUnitReportRenderer.render(report).utf8), ".junit.xml") }
        if markdown { try save(Array(MarkdownReportRenderer.render(report).utf8), ".md") }
        return written
    }

    /// Writes the reports and the GitHub step summary, printing where they went; a failure to
    /// write is reported but never changes the run's verdict.
    func publish(_ report: RunReport, planFile: String) {
        do {
            for path in try write(report, planFile: planFile) { Console.out("report: \(path)") }
        } catch {
            Console.error("could not write the report: \(error)")
        }
        do {
            if let path = try GitHubStepSummary.append(markdown: MarkdownReportRenderer.render(report)) {
                Console.out("summary appended to \(path)")
            }
        } catch {
            Console.error("could not append to $GITHUB_STEP_SUMMARY: \(error)")
        }
    }
}
