import Foundation
import PreflightDemoTarget
import XCTest

/// `preflight compare` on reports of real load runs: a slower deploy is flagged, an equal one passes.
final class CompareCommandTests: XCTestCase {
    func testFlagsASlowerRunAndPassesAnEqualOne() async throws {
        let directory = try makeScratchDirectory("compare")
        let plan = directory.appendingPathComponent("plan.yaml")
        try """
            name: compare
            targets: { api: "${API_URL:-http://127.0.0.1:9}" }
            flows:
              browse:
                steps:
                  - { name: products, path: /api/products }
            profiles:
              load: { executor: constant-arrival-rate, rate: 40/s, duration: 1s }
            regressionRules: ["p95 +10%"]
            """.write(to: plan, atomically: true, encoding: .utf8)
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(latency: .fixed(.milliseconds(100))))
        func loadRun(_ name: String) throws -> String {
            let out = directory.appendingPathComponent(name).path
            let result = try CommandRunner.preflight(["run", plan.path, "--profile", "load", "--env", "API_URL=\(target.baseURL)", "--out", out, "--quiet"])
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            return try ReportFiles.onlyJSON(in: URL(fileURLWithPath: out)).path
        }
        let baseline = try loadRun("baseline")
        let equal = try loadRun("equal")
        target.update { $0.latency = .fixed(.milliseconds(200)) }
        let slower = try loadRun("slower")
        await target.stop()

        // The tails of two equal 40-request runs differ by scheduling noise on a busy machine (issue:
        // rules need a sample floor); their medians do not, so "equal" is judged on p50.
        let same = try CommandRunner.preflight(["compare", baseline, equal, "--rule", "p50 +20%"])
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        XCTAssertTrue(same.stdout.contains("NO REGRESSION"), same.stdout)

        let worse = try CommandRunner.preflight(["compare", baseline, slower, "--plan", plan.path])
        XCTAssertEqual(worse.status, 1, worse.stdout + worse.stderr)
        XCTAssertTrue(worse.stdout.contains("browse / products: p95 +10% broken"), worse.stdout)

        let badRule = try CommandRunner.preflight(["compare", baseline, slower, "--rule", "p95 10%"])
        XCTAssertEqual(badRule.status, 2)
    }

    /// Two healthy runs, except that a rare step (4 requests a run, on a second target) got 50 ms
    /// slower: too few samples to judge by default, judged once the floor is lowered (by flag or
    /// plan); and a smoke report is not compared with a load report.
    func testARareStepIsNotJudgedUntilTheFloorAllowsIt() async throws {
        let directory = try makeScratchDirectory("compare")
        let main = try await DemoTarget.start()
        let rare = try await DemoTarget.start()
        func plan(_ name: String, rules: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try """
                name: compare floors
                targets: { api: "\(main.baseURL)", rare: "\(rare.baseURL)" }
                defaults: { target: api }
                flows:
                  browse:
                    weight: 9
                    steps:
                      - { name: products, path: /api/products }
                  rare:
                    weight: 1
                    steps:
                      - { name: health, target: rare, path: /health }
                profiles:
                  load: { executor: constant-arrival-rate, rate: 40/s, duration: 1s }
                regressionRules: \(rules)
                """.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let listed = try plan("listed.yaml", rules: "[\"p95 +20ms\"]")
        let floored = try plan("floored.yaml", rules: "{ rules: [\"p95 +20ms\"], minSamples: 3 }")
        func run(_ name: String, _ arguments: [String]) throws -> String {
            let out = directory.appendingPathComponent(name).path
            let result = try CommandRunner.preflight(["run", listed] + arguments + ["--out", out, "--quiet", "--no-html"])
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            return try ReportFiles.onlyJSON(in: URL(fileURLWithPath: out)).path
        }
        let baseline = try run("baseline", ["--profile", "load"])
        rare.update { $0.latency = .fixed(.milliseconds(50)) }
        let candidate = try run("candidate", ["--profile", "load"])
        let smoke = try run("smoke", ["--profile", "smoke"])
        await main.stop()
        await rare.stop()

        let byDefault = try CommandRunner.preflight(["compare", baseline, candidate, "--plan", listed])
        XCTAssertEqual(byDefault.status, 0, byDefault.stdout + byDefault.stderr)
        XCTAssertTrue(byDefault.stdout.contains("rare / health: too few samples: 4 and 4 requests, 30 needed"), byDefault.stdout)
        XCTAssertTrue(byDefault.stdout.contains("NO REGRESSION (exit 0)"), "browse / products was judged: \(byDefault.stdout)")

        let flagged = try CommandRunner.preflight(["compare", baseline, candidate, "--plan", listed, "--min-samples", "3"])
        XCTAssertEqual(flagged.status, 1, flagged.stdout + flagged.stderr)
        XCTAssertTrue(flagged.stdout.contains("rare / health: p95 +20ms broken"), flagged.stdout)
        let planned = try CommandRunner.preflight(["compare", baseline, candidate, "--plan", floored])
        XCTAssertEqual(planned.status, 1, "the plan's minSamples: \(planned.stdout)")

        let mixed = try CommandRunner.preflight(["compare", smoke, candidate])
        XCTAssertEqual(mixed.status, 2, mixed.stdout + mixed.stderr)
        XCTAssertTrue(mixed.stderr.contains("cannot compare: the baseline is a smoke report and the candidate a load report"), mixed.stderr)
    }
}
