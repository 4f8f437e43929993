import ArgumentParser
import Foundation
import PreflightRun

/// Where reports go, which formats are written, and how much is printed.
///
/// The destinations are `PreflightRun`'s ``ReportDestinations``: checked before anything is sent,
/// never written over an earlier report.
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

    /// The destinations these options name, checked before anything is sent: exit 2 with one
    /// sentence when a report could not be written there.
    func checkedDestinations() throws -> ReportDestinations {
        var formats: [(format: ReportDestinations.Format, fixedPath: String?)] = [(.json, reportJSON)]
        if !noHTML || reportHTML != nil { formats.append((.html, reportHTML)) }
        if junit || reportJUnit != nil { formats.append((.junit, reportJUnit)) }
        if markdown || reportMarkdown != nil { formats.append((.markdown, reportMarkdown)) }
        let destinations = ReportDestinations(directory: out, formats: formats)
        do {
            try destinations.checkWritable()
        } catch {
            Console.error("\(error); choose another --out or report path. Nothing was sent.")
            throw ExitCode(RunExit.invalidInput.rawValue)
        }
        return destinations
    }
}
