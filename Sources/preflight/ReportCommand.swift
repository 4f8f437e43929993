import ArgumentParser
import PreflightRun
import Foundation
import PreflightReports

/// `preflight report REPORT.json`: renders a saved JSON report again, as the terminal summary and
/// as HTML, JUnit XML or Markdown files. The JSON is the record of a run; every other format can
/// be produced from it later, for instance on a machine that did not run the test.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a saved JSON report as a terminal summary, HTML, JUnit XML or Markdown.",
        discussion: """
            With no output option, writes the HTML report next to the JSON (REPORT.html). \
            Exits 0 when the requested files were written, whatever the run's verdict; \
            2 when the report cannot be read or a file cannot be written.
            """
    )

    @Argument(help: "A JSON report written by `preflight smoke` or `preflight run`.")
    var report: String

    @Option(help: ArgumentHelp("Write a self-contained HTML report to this path.", valueName: "path"))
    var html: String?

    @Option(help: ArgumentHelp("Write JUnit XML to this path, for CI test-result views.", valueName: "path"))
    var junit: String?

    @Option(help: ArgumentHelp("Write a Markdown summary to this path.", valueName: "path"))
    var markdown: String?

    @Flag(help: "Print only the paths written, not the summary.")
    var quiet = false

    func run() async throws {
        guard let bytes = FileManager.default.contents(atPath: report) else {
            Console.error("\(report): cannot read the file (missing or not readable).")
            throw ExitCode(RunExit.invalidInput)
        }
        let saved: RunReport
        do {
            saved = try SavedReportReader.read(Array(bytes))
        } catch {
            Console.error("\(report): \(error.description).")
            throw ExitCode(RunExit.invalidInput)
        }
        if !quiet {
            Console.out(TerminalSummaryRenderer.render(saved))
            Console.out("")
        }
        for (format, path, render) in outputs() {
            do {
                try AtomicFileWriter.write(Array(render(saved).utf8), to: path, mode: .replace)
            } catch {
                Console.error("could not write the \(format) report: \(error)")
                throw ExitCode(RunExit.invalidInput)
            }
            Console.out("\(format): \(path)")
        }
    }

    /// The files asked for, or the HTML next to the JSON when none was.
    private func outputs() -> [(format: String, path: String, render: (RunReport) -> String)] {
        var outputs: [(format: String, path: String, render: (RunReport) -> String)] = []
        if let html { outputs.append(("html", html, HTMLReportRenderer.render)) }
        if let junit { outputs.append(("junit", junit, JUnitReportRenderer.render)) }
        if let markdown { outputs.append(("markdown", markdown, MarkdownReportRenderer.render)) }
        if outputs.isEmpty {
            let stem = report.hasSuffix(".json") ? String(report.dropLast(".json".count)) : report
            outputs.append(("html", stem + ".html", HTMLReportRenderer.render))
        }
        return outputs
    }
}
