import Foundation
import PreflightDemoTarget
import XCTest

/// `preflight compare` on reports of real load runs: a slower deploy is flagged, an equal one passes.
final class CompareCommandTests: XCTestCase {
    func testFlagsASlowerRunAndPassesAnEqualOne() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-compare-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = directory.appendingPathComponent("plan.yaml")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
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
}
