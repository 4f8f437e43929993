import PreflightMetrics
import PreflightReports
import XCTest

final class ReportComparisonTests: XCTestCase {
    private func report(p95: Double, failed: UInt64 = 0, requests: UInt64 = 1000, steps: [String] = ["pay"]) -> RunReport {
        let latency = LatencySummary(count: requests, minMs: 1, meanMs: p95 / 2, p50Ms: p95 / 2, p90Ms: p95 * 0.9, p95Ms: p95, p99Ms: p95 * 1.2, maxMs: p95 * 2)
        let empty = LatencySummary()
        return RunReport(
            run: RunInfo(planName: "p", planFile: "p.yaml", planSHA256: "", profile: "load", mode: "load", startedAt: "", endedAt: "", durationSeconds: 10),
            targets: [], verdict: Verdict(status: .passed, exitCode: 0, reasons: []),
            flows: [FlowReport(name: "checkout", iterations: Int(requests), passedIterations: Int(requests - failed), steps: steps.map { name in
                StepReport(name: name, requests: requests, skipped: 0, results: ["ok": requests - failed, "http_5xx": failed].filter { $0.value > 0 },
                           latency: latency, correctedLatency: latency, phases: PhaseSummaries(dns: empty, connect: empty, tls: empty, firstByte: empty), failureSamples: [])
            })]
        )
    }

    private func rules(_ texts: String...) throws -> [RegressionRule] {
        try texts.map { try RegressionRule.parse($0).get() }
    }

    func testRulesParseAndRejectNonsense() throws {
        XCTAssertEqual(try RegressionRule.parse("p95 +10%").get().allowance, .relative(0.1))
        XCTAssertEqual(try RegressionRule.parse("errors +0.5pp").get().allowance, .points(0.5))
        XCTAssertEqual(try RegressionRule.parse("p99 +50ms").get().allowance, .milliseconds(50))
        XCTAssertEqual(try RegressionRule.parse("rate -10%").get().allowance, .relative(-0.1))
        for bad in ["p95 10%", "p96 +10%", "errors +5ms", "p95 +10pp", "p95", "p95 +x%"] {
            XCTAssertThrowsError(try RegressionRule.parse(bad).get(), bad)
        }
    }

    func testASlowerStepIsARegressionAndAnEqualOneIsNot() throws {
        let gate = try rules("p95 +10%")
        let slower = ReportComparison(baseline: report(p95: 400), candidate: report(p95: 450), rules: gate)
        XCTAssertEqual(slower.regressions.map(\.detail), ["p95 400 ms -> 450 ms (+12.5%)"])
        XCTAssertFalse(ReportComparison(baseline: report(p95: 400), candidate: report(p95: 439), rules: gate).regressed)
    }

    func testErrorsInPercentagePointsAndRateDrops() throws {
        XCTAssertTrue(ReportComparison(baseline: report(p95: 100), candidate: report(p95: 100, failed: 10), rules: try rules("errors +0.5pp")).regressed)
        XCTAssertFalse(ReportComparison(baseline: report(p95: 100), candidate: report(p95: 100, failed: 4), rules: try rules("errors +0.5pp")).regressed)
        XCTAssertTrue(ReportComparison(baseline: report(p95: 100), candidate: report(p95: 100, requests: 800), rules: try rules("rate -10%")).regressed)
    }

    /// The case: a step of 8 requests whose p95 went 0.9 ms -> 8.4 ms between two healthy runs.
    func testAStepWithTooFewSamplesIsNotJudged() throws {
        let gate = try rules("p95 +10%")
        let thin = ReportComparison(baseline: report(p95: 0.9, requests: 8), candidate: report(p95: 8.4, requests: 8), rules: gate)
        XCTAssertFalse(thin.regressed)
        XCTAssertEqual(thin.unjudged.map(\.notJudged), ["too few samples: 8 and 8 requests, 30 needed"])
        XCTAssertTrue(thin.judgedNothing, "no step had enough samples: no answer either way")
        let text = ComparisonRenderer.render(thin, rules: gate)
        XCTAssertTrue(text.contains("checkout / pay: too few samples: 8 and 8 requests, 30 needed"), text)
        XCTAssertTrue(text.contains("NOT JUDGED: no step has 30 requests in both reports"), text)
        XCTAssertFalse(text.contains("NO REGRESSION"), text)

        let lowered = ReportComparison(baseline: report(p95: 0.9, requests: 8), candidate: report(p95: 8.4, requests: 8), rules: gate, floors: RegressionFloors(minSamples: 5))
        XCTAssertTrue(lowered.regressed, "judged once the floor allows it")
    }

    func testLatencyChangesWithinTheNoiseFloorAreNoise() throws {
        let gate = try rules("p95 +10%", "p99 +20%")
        let fast = ReportComparison(baseline: report(p95: 0.5), candidate: report(p95: 0.9), rules: gate)
        XCTAssertFalse(fast.regressed, "+80% of half a millisecond is noise: \(fast.regressions)")
        XCTAssertTrue(ComparisonRenderer.render(fast, rules: gate).contains("NO REGRESSION (exit 0)"))
        XCTAssertTrue(ReportComparison(baseline: report(p95: 0.5), candidate: report(p95: 0.9), rules: gate, floors: RegressionFloors(noiseFloorMs: 0)).regressed)
        XCTAssertTrue(ReportComparison(baseline: report(p95: 4), candidate: report(p95: 6), rules: gate).regressed, "2 ms is past the floor")
        XCTAssertTrue(ReportComparison(baseline: report(p95: 100), candidate: report(p95: 100, failed: 10), rules: try rules("errors +0.5pp")).regressed, "the floor is for latency only")
    }

    func testASmokeReportIsNotComparedWithALoadReport() {
        var smoke = report(p95: 100)
        smoke.run.mode = "smoke"
        XCTAssertNotNil(ReportComparison.incompatibility(baseline: smoke, candidate: report(p95: 100)))
        XCTAssertNil(ReportComparison.incompatibility(baseline: report(p95: 100), candidate: report(p95: 120)))
    }

    func testAMissingStepIsReported() {
        let comparison = ReportComparison(baseline: report(p95: 100, steps: ["pay", "receipt"]), candidate: report(p95: 100), rules: RegressionRule.defaults)
        XCTAssertEqual(comparison.regressions.map(\.step), ["receipt"])
        XCTAssertTrue(ComparisonRenderer.render(comparison, rules: RegressionRule.defaults).contains("REGRESSION (exit 1)"))
    }
}
