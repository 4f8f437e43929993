import ArgumentParser
import Foundation
import PreflightReports

/// Where reports go and how much is printed.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Directory for the JSON report.", valueName: "dir"))
    var out: String = "reports"

    @Flag(help: "Print only the final summary, not a line per step.")
    var quiet = false

    /// Writes the JSON report atomically and returns its path.
    func write(_ report: RunReport, planFile: String) throws -> String {
        let stem = URL(fileURLWithPath: planFile).deletingPathExtension().lastPathComponent
        let stamp = report.run.startedAt.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "").prefix(15)
        let path = URL(fileURLWithPath: out).appendingPathComponent("\(stem)-\(report.run.profile)-\(stamp).json").path
        try AtomicFileWriter.write(try JSONReportRenderer.render(report), to: path)
        return path
    }
}
