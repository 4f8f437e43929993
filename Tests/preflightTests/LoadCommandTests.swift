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
        // 100 requests of 600 ms each, the last sent near 2 s: the run took about 2.6 s, and 100
        // requests in 2.6 s is under 45/s, however well the schedule was kept.
        XCTAssertEqual(thresholds.map { $0["passed"] as? Bool }, [false, true, false])
    }

    /// 40 requests scheduled over 2 s that each take 1.5 s: the run lasts 3.5 s, and its request
    /// rate is 40 over those seconds, not over the schedule's 2 (which would read 20/s).
    func testTheRequestRateCountsTheDrainAndTheTargetLineEndsWithTheSchedule() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(latency: .fixed(.milliseconds(1500))))
        let plan = try writePlan(profile: "{ executor: constant-arrival-rate, rate: 20/s, duration: 2s }", thresholds: ["\"requests rate >= 1/s\""])
        let result = try CommandRunner.preflight(["run", plan, "--profile", "load", "--env", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path, "--quiet"])
        await target.stop()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let report = try report()
        let load = try XCTUnwrap(report["load"] as? [String: Any])
        let overall = try XCTUnwrap(load["overall"] as? [String: Any])
        let requests = try XCTUnwrap(overall["requests"] as? Double)
        let rate = try XCTUnwrap(overall["requestRate"] as? Double)
        let elapsed = try XCTUnwrap(load["elapsedSeconds"] as? Double)
        XCTAssertGreaterThan(elapsed, 3.4, "the last requests were sent near 2 s and took 1.5 s")
        XCTAssertEqual(rate, requests / elapsed, accuracy: 1e-9, "requests per elapsed second")
        XCTAssertLessThan(rate, 15, "not per scheduled second (20/s)")
        let threshold = try XCTUnwrap((report["thresholds"] as? [[String: Any]])?.first)
        XCTAssertEqual(try XCTUnwrap(threshold["observed"] as? Double), rate, accuracy: 1e-9, "the threshold sees the same rate")

        // The drain's intervals asked for nothing: no target, in the data or on the chart.
        let schedule = try XCTUnwrap(load["measuredSeconds"] as? Double)
        let series = try XCTUnwrap(load["timeSeries"] as? [[String: Any]])
        let drain = series.filter { ($0["elapsedSeconds"] as? Double ?? 0) - ($0["intervalSeconds"] as? Double ?? 0) / 2 >= schedule }
        XCTAssertFalse(drain.isEmpty, "intervals after the schedule: \(series)")
        XCTAssertTrue(drain.allSatisfy { $0["targetRate"] as? Double == 0 }, "\(drain)")
        let html = try String(contentsOf: try XCTUnwrap(ReportFiles.files(in: reportsDirectory, ending: ".html").first), encoding: .utf8)
        let targetPoints = try Self.pathPoints(of: "target requests/s", in: html)
        let achievedPoints = try Self.pathPoints(of: "achieved requests/s", in: html)
        XCTAssertEqual(achievedPoints, series.count)
        XCTAssertEqual(targetPoints, series.count - drain.count, "the target line stops where the schedule ended")
    }

    /// How many points the SVG path of the named chart series has.
    private static func pathPoints(of series: String, in html: String) throws -> Int {
        let start = try XCTUnwrap(html.range(of: "<title>\(series)</title><path d=\""), "no series \(series)")
        let path = html[start.upperBound...].prefix { $0 != "\"" }
        return path.filter { $0 == "M" || $0 == "L" }.count
    }

    /// Seed 7 draws 108 Poisson arrivals in 3 s at a mean of 40/s (120 expected): 10% under the
    /// mean by chance. Started on time, all 108 make a valid run.
    func testAPoissonRunIsJudgedAgainstTheScheduleItDrew() async throws {
        let target = try await DemoTarget.start()
        let plan = try writePlan(profile: "{ executor: constant-arrival-rate, rate: 40/s, duration: 3s }", thresholds: ["\"errors rate < 1%\""])
        let result = try CommandRunner.preflight([
            "run", plan, "--profile", "load", "--arrivals", "poisson", "--seed", "7",
            "--env", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path, "--quiet",
        ])
        await target.stop()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let load = try XCTUnwrap(try report()["load"] as? [String: Any])
        XCTAssertEqual((load["validity"] as? [String: Any])?["valid"] as? Bool, true, "\(load["validity"] ?? "")")
        let schedule = try XCTUnwrap(load["schedule"] as? [String: Any])
        XCTAssertEqual(schedule["intendedIterations"] as? Int, 108, "the draw of seed 7")
        XCTAssertEqual(try XCTUnwrap(schedule["targetRate"] as? Double), 36, accuracy: 1e-9, "108 drawn arrivals in 3 s, not the mean 40/s")
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

    /// A run aborted after its grace second by a 20% error rate: latencies and the error share of
    /// that second are judged; a request rate or a count over it is not (it would have read as a
    /// pass), unless the count already broke its bound; validity is not judged either. Every
    /// format says so, and none shows a green gate that the stop left unjudged.
    func testAnAbortedRunLeavesRatesCountsAndValidityUnjudged() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(errorRate: 0.2))
        let plan = try writePlan(
            profile: "{ executor: constant-arrival-rate, rate: 50/s, duration: 20s }",
            thresholds: [
                "{ expression: \"errors rate < 1%\", abortOnFail: true, abortGrace: 1s }",
                "\"requests rate >= 40/s\"",
                "\"http_req_duration p95 < 5s\"",
                "\"errors count < 100000\"",
                "\"requests count < 5\"",
            ]
        )
        let result = try CommandRunner.preflight([
            "run", plan, "--profile", "load", "--env", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path, "--quiet",
            "--junit", "--markdown",
        ])
        await target.stop()
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("NOT JUDGED  requests rate >= 40/s: observed"), result.stdout)
        XCTAssertTrue(result.stdout.contains("not judged: the run was aborted after"), result.stdout)
        XCTAssertTrue(result.stdout.contains("run validity: NOT JUDGED: the run was aborted after"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Not judged: requests rate >= 40/s, since the run was aborted after"), result.stdout)

        let report = try report()
        let thresholds = try XCTUnwrap(report["thresholds"] as? [[String: Any]])
        XCTAssertEqual(thresholds.map { $0["passed"] as? Bool }, [false, false, true, false, false])
        XCTAssertEqual(thresholds.map { $0["notJudged"] != nil }, [false, true, false, true, false], "the count past its bound stays failed")
        let load = try XCTUnwrap(report["load"] as? [String: Any])
        let validity = try XCTUnwrap(load["validity"] as? [String: Any])
        XCTAssertEqual(validity["valid"] as? Bool, false)
        XCTAssertTrue((validity["notJudged"] as? String)?.hasPrefix("the run was aborted after") == true, "\(validity)")
        XCTAssertEqual((load["stop"] as? [String: Any])?["kind"] as? String, "aborted")
        try ReportFiles.validateAgainstSchema(reportsDirectory)

        let html = try Self.onlyFile(ending: ".html", in: reportsDirectory)
        XCTAssertTrue(html.contains("<span class=\"pill notrun\">NOT JUDGED</span></td><td><code>requests rate &gt;= 40/s</code>"), "rate row")
        XCTAssertTrue(html.contains("<span class=\"pill notrun\">NOT JUDGED</span></td><td>The generator held the schedule"), "validity row")
        XCTAssertTrue(html.contains("<span class=\"pill fail\">FAIL</span></td><td>The run completed its schedule"), "the stop is a gate")
        XCTAssertTrue(html.contains("not judged: the run was aborted after"))

        let markdown = try Self.onlyFile(ending: ".md", in: reportsDirectory)
        XCTAssertTrue(markdown.contains("| NOT JUDGED | requests rate &gt;= 40/s |"), markdown)
        XCTAssertTrue(markdown.contains("| validity | not judged: the run was aborted after"), markdown)

        let junit = try Self.onlyFile(ending: ".xml", in: reportsDirectory)
        XCTAssertTrue(junit.contains("<testcase name=\"requests rate &gt;= 40/s\" classname=\"thresholds\""), junit)
        XCTAssertTrue(junit.contains("<skipped message=\"not judged: the run was aborted after"), junit)
        XCTAssertTrue(junit.contains("<failure message=\"the run was aborted after"), junit)
        XCTAssertTrue(junit.contains("type=\"aborted\""), junit)
        try ReportFiles.validateJUnit(reportsDirectory)
    }

    private static func onlyFile(ending suffix: String, in folder: URL) throws -> String {
        let files = try ReportFiles.files(in: folder, ending: suffix)
        XCTAssertEqual(files.count, 1, "\(suffix) files")
        return try String(contentsOf: try XCTUnwrap(files.first), encoding: .utf8)
    }

    /// The shipped go-live plan against an API whose very first requests fail: its error threshold
    /// aborts only after a 10 s grace, by when one early 500 is a fraction of a percent, so the run
    /// goes on to the end of its schedule. (At 10 iterations/s, 22 requests/s: without the grace,
    /// one 500 among the first second's 20 requests would have aborted it.)
    func testTheGoLivePlanDoesNotAbortOnASingleEarly500() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(errorRate: 1))
        let arguments = [
            "run", "plans/go-live.yaml", "--profile", "load", "--rate", "10/s", "--duration", "11s",
            "--env", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path, "--quiet",
        ]
        let run = Task.detached { try CommandRunner.preflight(arguments) }
        // Let the first API request fail, then heal the API.
        let deadline = Date().addingTimeInterval(30)
        while target.requestCount < 2, Date() < deadline { try await Task.sleep(for: .milliseconds(1)) }
        target.update { $0.errorRate = 0 }
        let result = try await run.value
        await target.stop()

        let report = try report()
        let overall = try XCTUnwrap((report["load"] as? [String: Any])?["overall"] as? [String: Any])
        let results = try XCTUnwrap(overall["results"] as? [String: Int])
        XCTAssertGreaterThanOrEqual(results["http_5xx"] ?? 0, 1, "an early request failed: \(results)")
        XCTAssertFalse(result.stdout.contains("Aborted early"), result.stdout)
        XCTAssertNil((report["load"] as? [String: Any])?["stop"], "the schedule ran to its end")
        let errors = try XCTUnwrap((report["thresholds"] as? [[String: Any]])?.first { $0["expression"] as? String == "errors rate < 1%" })
        XCTAssertEqual(errors["passed"] as? Bool, true, "\(errors)")
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
        let validity = (report["load"] as? [String: Any])?["validity"] as? [String: Any]
        XCTAssertEqual(validity?["valid"] as? Bool, false, "an interrupted run is never shown valid")
        XCTAssertTrue((validity?["notJudged"] as? String)?.hasPrefix("the run was interrupted after") == true, "\(validity ?? [:])")
    }
}
