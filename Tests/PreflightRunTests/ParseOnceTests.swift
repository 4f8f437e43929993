import PreflightDemoTarget
import PreflightEngine
import PreflightMetrics
import PreflightPlan
import PreflightReports
import PreflightRun
import XCTest

/// Every threshold expression, regression rule and pattern is parsed or compiled once, when the
/// plan loads: smoke and load runs, judging and every renderer work from the typed plan.
final class ParseOnceTests: XCTestCase {
    private struct Counts: Equatable {
        var thresholds = ThresholdParser.parses
        var rules = RegressionRule.parses
        var patterns = Pattern.compilations
    }

    func testAPlanIsParsedOnceAndRunsNeverParseAgain() async throws {
        let target = try await DemoTarget.start()
        let before = Counts()
        let plan = try PlanLoader(environment: ["API_URL": target.baseURL]).load(text: """
            name: parse once
            targets: { api: "${API_URL}" }
            flows:
              browse:
                steps:
                  - name: products
                    path: /api/products
                    expect:
                      headers: { Content-Type: { matches: "json" } }
                      body: { matches: "\\\\[" }
                    capture:
                      first: { regex: "\\"id\\": ?\\"([^\\"]+)\\"" }
            profiles:
              load: { executor: constant-arrival-rate, rate: 20/s, duration: 1s }
            thresholds:
              - "http_req_duration p95 < 500ms"
              - "errors rate < 1% over 1s"
            regressionRules: ["p95 +10%"]
            """, file: "parse-once.yaml")
        let loaded = Counts()
        XCTAssertEqual(loaded.thresholds - before.thresholds, 2, "each threshold parsed once while loading")
        XCTAssertEqual(loaded.rules - before.rules, 1, "the regression rule parsed once while loading")
        XCTAssertEqual(loaded.patterns - before.patterns, 3, "each pattern compiled once while loading")

        let smoke = await SmokeSession(plan: plan, planFile: "parse-once.yaml", planBytes: [], profile: "smoke", iterations: 2, failFast: false).run()
        let load = await LoadSession(
            plan: plan, planFile: "parse-once.yaml", planBytes: [], profile: "load",
            executor: .arrivalRate(.constant(rate: 20, duration: .seconds(1)), maxInFlight: 100), spacing: .even, connections: nil
        ).run()
        await target.stop()
        for report in [smoke, load] {
            _ = TerminalSummaryRenderer.render(report)
            _ = HTMLReportRenderer.render(report)
            _ = JUnitReportRenderer.render(report)
            _ = MarkdownReportRenderer.render(report)
        }
        _ = ReportComparison(baseline: load, candidate: load, rules: plan.regressionRules)
        XCTAssertEqual(smoke.verdict.status, .passed, "\(smoke.verdict.reasons)")
        XCTAssertEqual(load.thresholds?.count, 2)
        XCTAssertEqual(Counts(), loaded, "running, judging and rendering parsed or compiled nothing again")
    }
}
