import ArgumentParser
import PreflightRun
import Foundation
import PreflightMetrics
import PreflightReports

/// `preflight compare BASELINE.json CANDIDATE.json`: the post-deploy question "did this deploy
/// make it slower?", answered per step and gated by regression rules.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two JSON reports step by step; exit 1 when a regression rule is broken.",
        discussion: """
            Rules read 'FIGURE +CHANGE': p50/p90/p95/p99/max/mean with % or ms, errors with pp \
            (percentage points), rate with % (a drop: 'rate -10%'). From --rule, else the plan's \
            regressionRules (--plan), else: p95 +10%, p99 +20%, errors +0.5pp. A step is judged only \
            with --min-samples requests in each report (default 30), and a latency change within \
            --noise-floor (default 1ms) is noise. Exit codes: 0 no regression, 1 regression, 2 the \
            reports cannot answer (unreadable, a smoke report against a load report, or no step with \
            enough samples).
            """
    )

    @Argument(help: "The earlier report.")
    var baseline: String

    @Argument(help: "The report to judge.")
    var candidate: String

    @Option(name: .customLong("rule"), help: ArgumentHelp("A regression rule (repeatable), e.g. 'p95 +10%'.", valueName: "rule"), transform: TypedArguments.regressionRule)
    var rules: [RegressionRule] = []

    @Option(help: ArgumentHelp("Take the rules from this plan's 'regressionRules' (when no --rule is given), and its minSamples and noiseFloor.", valueName: "plan"))
    var plan: String?

    @Option(help: ArgumentHelp("Requests a step needs in each report to be judged (default: the plan's minSamples, else 30).", valueName: "count"))
    var minSamples: Int?

    @Option(help: ArgumentHelp("Latency changes within this are noise, e.g. 1ms or 500us (default: the plan's noiseFloor, else 1ms).", valueName: "duration"), transform: TypedArguments.noiseFloor)
    var noiseFloor: Duration?

    func validate() throws {
        if let minSamples, minSamples < 1 { throw ValidationError("--min-samples must be at least 1") }
    }

    func run() async throws {
        let planned = try plan.map { try PlanOptions.parse([$0]).load().0 }
        var chosen = rules
        if chosen.isEmpty, let planned { chosen = planned.regressionRules }
        if chosen.isEmpty { chosen = RegressionRule.defaults }
        let floors = RegressionFloors(
            minSamples: minSamples ?? planned?.regressionMinSamples ?? RegressionFloors.defaultMinSamples,
            noiseFloorMs: (noiseFloor ?? planned?.regressionNoiseFloor).map { $0.seconds * 1000 } ?? RegressionFloors.defaultNoiseFloorMs
        )
        let (before, after) = (try read(baseline), try read(candidate))
        if let problem = ReportComparison.incompatibility(baseline: before, candidate: after) {
            Console.error("cannot compare: \(problem).")
            throw ExitCode(RunExit.invalidInput)
        }
        let comparison = ReportComparison(baseline: before, candidate: after, rules: chosen, floors: floors)
        Console.out(ComparisonRenderer.render(comparison, rules: chosen))
        if comparison.regressed { throw ExitCode(RunExit.failed) }
        throw comparison.judgedNothing ? ExitCode(RunExit.invalidInput) : ExitCode(RunExit.passed)
    }

    private func read(_ path: String) throws -> RunReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error("\(path): cannot read the report")
            throw ExitCode(RunExit.invalidInput)
        }
        do {
            return try SavedReportReader.read(Array(data))
        } catch {
            Console.error("\(path): \(error.description).")
            throw ExitCode(RunExit.invalidInput)
        }
    }
}
