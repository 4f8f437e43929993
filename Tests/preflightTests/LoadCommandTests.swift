import Foundation
import PreflightDemoTarget
import XCTest

/// `preflight run --profile load` end to end: the binary against the demo target, judged by exit code and report.
final class LoadCommandTests: XCTestCase {
    private var reportsDirectory: URL!

    override func setUp() {
        reportsDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-load-\(UUID().uuidString)")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: reportsDirectory)
    }

    private func writePlan(profile: String, thresholds: [String]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString).yaml")
        let text = """
            name: load gate
            targets: { api: "${API_URL}" }
            flows:
              browse:
                steps:
                  - { name: products, path: /api/products, expect: { status: 200 } }
            profiles:
              load: \(profile)
            thresholds:
            \(thresholds.map { "  - \($0)" }.joined(separator: "\n"))
            """
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    private func report() throws -> [String: Any] {
        try ReportFiles.object(at: try ReportFiles.onlyJSON(in: reportsDirectory))
    }

    private func verdictStatus(_ report: [String: Any]) -> String? {
        (report["verdict"] as? [String: Any])?["status"] as? String
    }

    func testThresholdsPassAndFail() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(latency: .fixed(.milliseconds(30))))
        let plan = try writePlan(
            profile: "{ executor: constant-arrival-rate, rate: 50/s, duration: 2s }",
            thresholds: ["\"http_req_duration p95 < 500ms\"", "\"errors rate < 1%\"", "\"requests rate >= 45/s\""]
        )
        let arguments = ["run", plan, "--profile", "load", "--env", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path, "--quiet"]
        let passing = try CommandRunner.preflight(arguments)
        XCTAssertEqual(passing.status, 0, passing.stdout + passing.stderr)
        XCTAssertTrue(passing.stdout.contains("PASS  requests rate >= 45/s"), passing.stdout)
        XCTAssertEqual(verdictStatus(try report()), "passed")
        try FileManager.default.removeItem(at: reportsDirectory)

        target.update { $0.latency = .fixed(.milliseconds(600)) }
        let failing = try CommandRunner.preflight(arguments)
        await target.stop()
        XCTAssertEqual(failing.status, 1, failing.stdout + failing.stderr)
        XCTAssertTrue(failing.stdout.contains("FAIL  http_req_duration p95 < 500ms"), failing.stdout)
        XCTAssertTrue(failing.stdout.contains("Threshold failed: http_req_duration p95 < 500ms"), failing.stdout)
        let report = try report()
        XCTAssertEqual(verdictStatus(report), "failed")
        let thresholds = try XCTUnwrap(report["thresholds"] as? [[String: Any]])
        XCTAssertEqual(thresholds.map { $0["passed"] as? Bool }, [false, true, true])
    }

    func testAnImpossibleInFlightCapExits3AndNamesTheCause() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(latency: .fixed(.milliseconds(200))))
        let plan = try writePlan(profile: "{ executor: constant-arrival-rate, rate: 100/s, duration: 1s, maxInFlight: 2 }", thresholds: ["\"errors rate < 1%\""])
        let result = try CommandRunner.preflight(["run", plan, "--profile", "load", "--env", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path, "--quiet"])
        await target.stop()
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("INVALID (exit 3)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("max in-flight cap"), result.stdout)
        let load = try XCTUnwrap(try report()["load"] as? [String: Any])
        XCTAssertEqual((load["validity"] as? [String: Any])?["valid"] as? Bool, false)
    }

    func testAbortOnFailStopsEarlyAndStillWritesTheReport() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(errorRate: 1))
        let plan = try writePlan(
            profile: "{ executor: constant-arrival-rate, rate: 50/s, duration: 20s }",
            thresholds: ["{ expression: \"errors rate < 1%\", abortOnFail: true, abortGrace: 1s }"]
        )
        let started = Date()
        let result = try CommandRunner.preflight(["run", plan, "--profile", "load", "--env", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path, "--quiet"])
        let elapsed = Date().timeIntervalSince(started)
        await target.stop()
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertLessThan(elapsed, 10, "aborted after the grace second, long before the 20 s schedule")
        XCTAssertTrue(result.stdout.contains("Aborted early: errors rate < 1%"), result.stdout)
        XCTAssertEqual(verdictStatus(try report()), "failed")
    }

    func testSIGINTStopsGracefullyWithAnInterruptedReport() async throws {
        let target = try await DemoTarget.start()
        let plan = try writePlan(profile: "{ executor: constant-arrival-rate, rate: 20/s, duration: 30s }", thresholds: ["\"errors rate < 1%\""])
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("preflight")
        process.arguments = ["run", plan, "--profile", "load", "--env", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Signal once traffic flows, however long a debug build on a busy machine takes to start.
        let started = Date().addingTimeInterval(30)
        while target.requestCount < 15, process.isRunning, Date() < started { try await Task.sleep(for: .milliseconds(20)) }
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        await target.stop()
        XCTAssertEqual(process.terminationStatus, 130)
        let report = try report()
        XCTAssertEqual(verdictStatus(report), "interrupted")
        let overall = try XCTUnwrap((report["load"] as? [String: Any])?["overall"] as? [String: Any])
        XCTAssertGreaterThan(overall["requests"] as? Int ?? 0, 10, "the part that ran is in the report")
    }
}
