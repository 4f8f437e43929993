import Foundation
import PreflightDemoTarget
import XCTest

/// The go-live plan's `watch` profile, shortened by its environment variables: a canary watch that
/// runs its full length on a healthy target and exits 1 within a window once the target starts
/// failing, naming the window; a line per window in the log, and a stream a killed pipeline keeps.
final class WatchProfileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeScratchDirectory("watch")
    }

    private func arguments(_ target: DemoTarget, duration: String) -> [String] {
        [
            "run", "plans/go-live.yaml", "--profile", "watch", "-e", "API_URL=\(target.baseURL)",
            "-e", "WATCH_DURATION=\(duration)", "-e", "WATCH_WINDOW=2s", "-e", "WATCH_LATENCY_WINDOW=4s", "-e", "WATCH_RATE=20/s",
            "--out", directory.path, "--no-html",
        ]
    }

    /// The stream's lines as dictionaries.
    private func stream() throws -> [[String: Any]] {
        let file = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasSuffix(".jsonl") })
        return try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testAHealthyCanaryIsWatchedForTheWholeRunAndPasses() async throws {
        let target = try await DemoTarget.start()
        defer { Task { await target.stop() } }
        let started = Date()
        let result = try CommandRunner.preflight(arguments(target, duration: "7s"))
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 7, "the watch ran its full length")
        XCTAssertTrue(result.stdout.contains("window 1 (0:00-0:02): "), result.stdout)
        XCTAssertTrue(result.stdout.contains("errors rate < 1% over 2s PASS"), result.stdout)
        XCTAssertFalse(result.stdout.contains("requests rate >= 200/s"), "the watch has thresholds of its own: \(result.stdout)")
        XCTAssertFalse(result.stdout.contains("browse /"), "only the critical flows run")

        let lines = try stream()
        XCTAssertEqual(lines.first?["type"] as? String, "start")
        XCTAssertGreaterThanOrEqual(lines.filter { $0["type"] as? String == "interval" }.count, 6)
        XCTAssertGreaterThanOrEqual(lines.filter { $0["type"] as? String == "window" }.count, 3)
        XCTAssertEqual(lines.last?["type"] as? String, "end")
        XCTAssertEqual(lines.last?["status"] as? String, "passed")
    }

    func testAFailingCanaryExitsWithinAWindowAndNamesIt() async throws {
        let target = try await DemoTarget.start()
        defer { Task { await target.stop() } }
        let stdout = directory.appendingPathComponent("stdout.txt")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("preflight")
        process.currentDirectoryURL = CommandRunner.repositoryRoot
        process.arguments = arguments(target, duration: "60s")
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // Healthy for the first two windows, then 5% of API requests fail.
        while process.isRunning, !((try? String(contentsOf: stdout, encoding: .utf8)) ?? "").contains("window 2 (") {
            try await Task.sleep(for: .milliseconds(50))
        }
        target.update { $0.errorRate = 0.05 }
        let failingFrom = Date()
        while process.isRunning, Date().timeIntervalSince(failingFrom) < 45 { try await Task.sleep(for: .milliseconds(50)) }
        let reaction = Date().timeIntervalSince(failingFrom)
        XCTAssertFalse(process.isRunning, "the watch must stop on a bad window, not run its 60 s")
        XCTAssertEqual(process.terminationStatus, 1)
        // One full window of failures (2 s) plus the interval it closes on, the drain and a slow machine.
        XCTAssertLessThan(reaction, 15, "stopped \(reaction) s after the failures began")

        let output = try String(contentsOf: stdout, encoding: .utf8)
        XCTAssertTrue(output.contains("window 1 (0:00-0:02): ") && output.contains("errors rate < 1% over 2s PASS"), output)
        XCTAssertTrue(output.contains("errors rate < 1% over 2s FAIL"), output)
        XCTAssertTrue(output.range(of: #"Aborted early: errors rate < 1% over 2s: observed [0-9.]+% in the window \d+:\d\d-\d+:\d\d"#, options: .regularExpression) != nil,
                      "the verdict names the failing window: \(output)")
        let windows = try stream().filter { $0["type"] as? String == "window" }
        XCTAssertGreaterThanOrEqual(windows.count, 3, "the healthy windows and the failing one are in the stream")
    }
}
