import ArgumentParser
import Foundation
import PreflightReports

/// Where reports go, which formats are written, and how much is printed.
///
/// Reports are the evidence of a gate, so they are never lost quietly: the places they go are
/// checked before anything is sent, a generated name is never reused (two runs in the same
/// millisecond get `-2`), and a report that still cannot be written fails the run.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Directory for the reports.", valueName: "dir"))
    var out: String = "reports"

    @Flag(help: "Skip the HTML report (JSON is always written).")
    var noHTML = false

    @Flag(help: "Also write JUnit XML, for CI test-result views.")
    var junit = false

    @Flag(help: "Also write a Markdown summary (appended to $GITHUB_STEP_SUMMARY whenever that is set).")
    var markdown = false

    @Option(help: ArgumentHelp("Write the JSON report to this fixed path (replaced if it exists) instead of --out.", valueName: "path"))
    var reportJSON: String?

    @Option(help: ArgumentHelp("Write the HTML report to this fixed path instead of --out.", valueName: "path"))
    var reportHTML: String?

    @Option(help: ArgumentHelp("Write JUnit XML to this fixed path instead of --out.", valueName: "path"))
    var reportJUnit: String?

    @Option(help: ArgumentHelp("Write the Markdown summary to this fixed path instead of --out.", valueName: "path"))
    var reportMarkdown: String?

    @Flag(help: "Print only the final summary, not a line per step or live progress.")
    var quiet = false

    private struct Output {
        var suffix: String
        var fixedPath: String?
        var render: (RunReport) throws -> [UInt8]
    }

    private var outputs: [Output] {
        var outputs = [Output(suffix: ".json", fixedPath: reportJSON, render: { try JSONReportRenderer.render($0) })]
        if !noHTML || reportHTML != nil {
            outputs.append(Output(suffix: ".html", fixedPath: reportHTML, render: { Array(HTMLReportRenderer.render($0).utf8) }))
        }
        if junit || reportJUnit != nil {
            outputs.append(Output(suffix: ".junit.xml", fixedPath: reportJUnit, render: { Array(JUnitReportRenderer.render($0).utf8) }))
        }
        if markdown || reportMarkdown != nil {
            outputs.append(Output(suffix: ".md", fixedPath: reportMarkdown, render: { Array(MarkdownReportRenderer.render($0).utf8) }))
        }
        return outputs
    }

    /// Fails with exit 2 unless every place a report will go can take a file; called before a
    /// run sends anything, so a gate never runs without room for its evidence.
    func checkWritable() throws {
        var directories = Set(outputs.compactMap { $0.fixedPath.map { ($0 as NSString).deletingLastPathComponent } })
        if outputs.contains(where: { $0.fixedPath == nil }) { directories.insert(out) }
        for directory in directories.sorted() {
            do {
                try AtomicFileWriter.checkWritable(directory: directory.isEmpty ? "." : directory)
            } catch {
                Console.error("\(error); choose another --out or report path. Nothing was sent.")
                throw ExitStatus.invalidPlan
            }
        }
        for path in outputs.compactMap(\.fixedPath) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                Console.error("\(FileWriteError(path: path, code: EISDIR)); name a file. Nothing was sent.")
                throw ExitStatus.invalidPlan
            }
        }
    }

    /// Writes every chosen format atomically and returns their paths. Generated names carry the
    /// start time to the millisecond and, should that name be taken, a counter.
    func write(_ report: RunReport, planFile: String, now: Date = Date()) throws -> [String] {
        let stem = URL(fileURLWithPath: planFile).deletingPathExtension().lastPathComponent
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        let base = URL(fileURLWithPath: out).appendingPathComponent("\(stem)-\(report.run.profile)-\(formatter.string(from: now))").path
        var written: [String] = []
        var generated = outputs.filter { $0.fixedPath == nil }
        for output in outputs where output.fixedPath != nil {
            let path = output.fixedPath ?? ""
            try AtomicFileWriter.write(try output.render(report), to: path, mode: .replace)
            written.append(path)
        }
        guard let first = generated.first else { return written }
        generated.removeFirst()
        // The first generated file claims a name no other run holds; the rest share its stem.
        var claimed: String?
        for attempt in 1...1000 where claimed == nil {
            let candidate = attempt == 1 ? base : "\(base)-\(attempt)"
            do {
                try AtomicFileWriter.write(try first.render(report), to: candidate + first.suffix)
                claimed = candidate
            } catch let error as FileWriteError where error.alreadyExists {
                continue
            }
        }
        guard let claimed else { throw FileWriteError(path: base + first.suffix, code: EEXIST) }
        written.append(claimed + first.suffix)
        for output in generated {
            try AtomicFileWriter.write(try output.render(report), to: claimed + output.suffix)
            written.append(claimed + output.suffix)
        }
        return written
    }

    /// Writes the reports and the GitHub step summary, printing where they went.
    /// - Returns: false when a report file could not be written; the caller must not then exit 0.
    func publish(_ report: RunReport, planFile: String) -> Bool {
        var complete = true
        do {
            for path in try write(report, planFile: planFile) { Console.out("report: \(path)") }
        } catch {
            Console.error("could not write the report: \(error)")
            complete = false
        }
        do {
            if let path = try GitHubStepSummary.append(markdown: MarkdownReportRenderer.render(report)) {
                Console.out("summary appended to \(path)")
            }
        } catch {
            // The job summary is a convenience on the run's page, not its evidence: say so, go on.
            Console.error("could not append the summary to $GITHUB_STEP_SUMMARY: \(error)")
        }
        return complete
    }

    /// The exit code of a run whose verdict asks for `verdictCode`: a run that passed but lost
    /// its evidence fails (1), so a CI gate never passes without its report.
    static func exitCode(verdict verdictCode: Int32, reportsWritten: Bool) -> ExitCode {
        guard !reportsWritten, verdictCode == 0 else { return ExitCode(verdictCode) }
        Console.error("the run passed, but its report could not be written: failing (exit 1) so the gate does not pass without its evidence")
        return ExitStatus.failed
    }
}
