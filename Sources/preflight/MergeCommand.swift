import ArgumentParser
import Foundation
import PreflightReports
import PreflightRun

/// `preflight merge --plan PLAN SHARD.json...`: the shard reports of one split run added up into
/// the report of the whole run, judged as one, with the exit status a single run would have had.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the JSON reports of a run split with --shard into one report, judged as one run.",
        discussion: """
            Histograms are added exactly and thresholds, validity and the verdict are judged on the merged data. \
            Exit codes as for `run`: 0 passed, 1 failed, 3 invalid run (a shard missing, duplicated, late or lagging), \
            130 interrupted; 2 when the reports cannot be merged (another plan, profile or shard count, or not shard reports).
            """
    )

    @Option(help: ArgumentHelp("The plan the shards ran (its SHA-256 must match theirs); thresholds are read from it.", valueName: "file"))
    var plan: String

    @Option(name: [.customShort("e"), .customLong("env")], help: ArgumentHelp("Set an environment variable for ${NAME} interpolation, as the shards had it (repeatable).", valueName: "NAME=VALUE"))
    var environment: [String] = []

    @Argument(help: "The shard reports (JSON), one per shard.")
    var reports: [String]

    @OptionGroup var reportOptions: ReportOptions

    func validate() throws {
        if reports.isEmpty { throw ValidationError("give the shard reports to merge") }
    }

    func run() async throws {
        let planOptions = try PlanOptions.parse([plan] + environment.flatMap { ["-e", $0] })
        let (loaded, bytes) = try planOptions.load()
        var inputs: [ShardMerge.Input] = []
        for file in reports {
            guard let data = FileManager.default.contents(atPath: file) else {
                Console.error("\(file): cannot read the file (missing or not readable).")
                throw ExitCode(RunExit.invalidInput)
            }
            do {
                inputs.append(ShardMerge.Input(file: file, report: try SavedReportReader.read(Array(data))))
            } catch {
                Console.error("\(file): \(error.description).")
                throw ExitCode(RunExit.invalidInput)
            }
        }
        let destinations = try reportOptions.checkedDestinations()
        let merged: RunReport
        do {
            // The shards ran their profile's flows and thresholds; so is the whole judged.
            let profile = inputs.first.flatMap { loaded.profiles[$0.report.run.profile] }
            let plan = profile.map(loaded.applying) ?? loaded
            merged = try ShardMerge(plan: plan, planFile: planOptions.planName, planBytes: bytes).merge(inputs)
        } catch {
            Console.error("cannot merge: \(error.description); nothing was judged.")
            throw ExitCode(RunExit.invalidInput)
        }
        if !reportOptions.quiet {
            Console.out("preflight merge: \(loaded.name), \(inputs.count) shard report\(inputs.count == 1 ? "" : "s")")
        }
        throw SessionOutput.finish(merged, planFile: planOptions.planName, destinations: destinations)
    }
}
