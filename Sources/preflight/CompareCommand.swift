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
            regressionRules (--plan), else: p95 +10%, p99 +20%, errors +0.5pp.
            """
    )

    @Argument(help: "The earlier report.")
    var baseline: String

    @Argument(help: "The report to judge.")
    var candidate: String

    @Option(name: .customLong("rule"), help: ArgumentHelp("A regression rule (repeatable), e.g. 'p95 +10%'.", valueName: "rule"), transform: TypedArguments.regressionRule)
    var rules: [RegressionRule] = []

    @Option(help: ArgumentHelp("Take the rules from this plan's 'regressionRules' (when no --rule is given).", valueName: "plan"))
    var plan: String?

    func run() async throws {
        var chosen = rules
        if chosen.isEmpty, let plan {
            chosen = try PlanOptions.parse([plan]).load().0.regressionRules
        }
        if chosen.isEmpty { chosen = RegressionRule.defaults }
        let comparison = ReportComparison(baseline: try read(baseline), candidate: try read(candidate), rules: chosen)
        Console.out(ComparisonRenderer.render(comparison, rules: chosen))
        throw comparison.regressed ? ExitCode(RunExit.failed) : ExitCode(RunExit.passed)
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
