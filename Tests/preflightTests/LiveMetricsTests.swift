import Foundation
import PreflightDemoTarget
import XCTest

/// `--metrics-listen`: a real load run scraped while it goes and after it ends, every page parsed
/// by prometheus_client's exposition parser, and the final counters equal to the report's counts.
final class LiveMetricsTests: XCTestCase {
    private struct Sample: Decodable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Every sample of the page at `url`, or nil when it could not be fetched; fails the test on a page the parser refuses.
    private func scrape(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [Sample]? {
        guard let page = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        let parser = Process()
        parser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        parser.arguments = ["python3", CommandRunner.repositoryRoot.appendingPathComponent("scripts/parse-exposition.py").path]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        parser.standardInput = input
        parser.standardOutput = output
        parser.standardError = errors
        try parser.run()
        input.fileHandleForWriting.write(Data(page.utf8))
        try input.fileHandleForWriting.close()
        let parsed = output.fileHandleForReading.readDataToEndOfFile()
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        parser.waitUntilExit()
        XCTAssertEqual(parser.terminationStatus, 0, "the exposition parser refused the page: \(problems)\n\(page)", file: file, line: line)
        return try String(decoding: parsed, as: UTF8.self).split(separator: "\n").map { try JSONDecoder().decode(Sample.self, from: Data($0.utf8)) }
    }

    func testARunIsScrapedLiveAndItsFinalCountersEqualTheReport() async throws {
        let directory = try makeScratchDirectory("metrics")
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(errorRate: 0.1))
        defer { Task { await target.stop() } }

        let plan = directory.appendingPathComponent("watched.yaml")
        try """
            name: watched
            targets: { api: "${API_URL}" }
            flows:
              browse:
                steps:
                  - { name: health, path: /health }
                  - { name: products, path: /api/products, expect: { status: 200 } }
            profiles:
              load: { executor: constant-arrival-rate, rate: 40/s, duration: 4s }
            thresholds:
              - "errors rate < 50%"
              - "requests rate >= 1000/s"
              - "errors rate < 50% over 2s"
            """.write(to: plan, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("reports")
        let stdout = directory.appendingPathComponent("stdout")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("preflight")
        process.currentDirectoryURL = CommandRunner.repositoryRoot
        process.arguments = [
            "run", plan.path, "--profile", "load", "-e", "API_URL=\(target.baseURL)",
            "--metrics-listen", "127.0.0.1:0", "--metrics-linger", "60s", "--out", out.path, "--no-html",
        ]
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // The address is printed before the run starts.
        var url: URL?
        let deadline = Date().addingTimeInterval(60)
        while url == nil, Date() < deadline {
            let text = (try? String(contentsOf: stdout, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("metrics: ") }) { url = URL(string: String(line.dropFirst(9))) }
            try await Task.sleep(for: .milliseconds(50))
        }
        let metrics = try XCTUnwrap(url, "no metrics address printed")

        // While the run goes: a page that parses, with the run's info and requests counted.
        func reportFile() -> String? {
            (try? FileManager.default.contentsOfDirectory(atPath: out.path))?.first { $0.hasSuffix(".json") }
        }
        var live: [Sample] = []
        while Date() < deadline, reportFile() == nil {
            if let samples = try scrape(metrics), samples.contains(where: { $0.name == "preflight_requests_total" }) {
                live = samples
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        XCTAssertTrue(live.contains { $0.name == "preflight_run_info" && $0.labels["plan"] == "watched" && $0.value == 1 }, "\(live)")
        XCTAssertTrue(live.contains { $0.name == "preflight_target_iterations_per_second" && $0.value == 40 }, "\(live.filter { $0.name.contains("target") })")

        // After the run: the report is written and the endpoint lingers with the final values.
        while reportFile() == nil, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let reportData = try Data(contentsOf: out.appendingPathComponent(try XCTUnwrap(reportFile())))
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: reportData) as? [String: Any])
        let final = try XCTUnwrap(try scrape(metrics))

        let flows = report["flows"] as? [[String: Any]] ?? []
        var compared = 0
        for flow in flows {
            for step in flow["steps"] as? [[String: Any]] ?? [] {
                let flowName = flow["name"] as? String ?? ""
                let stepName = step["name"] as? String ?? ""
                let expected = (step["results"] as? [String: Int] ?? [:]).filter { $0.value > 0 }
                var scraped: [String: Int] = [:]
                for sample in final where sample.name == "preflight_requests_total" && sample.labels["flow"] == flowName && sample.labels["step"] == stepName {
                    scraped[sample.labels["category", default: ""]] = Int(sample.value)
                }
                XCTAssertEqual(scraped, expected, "\(flowName) / \(stepName)")
                let histogramCount = final.first {
                    $0.name == "preflight_request_duration_seconds_count" && $0.labels["flow"] == flowName && $0.labels["step"] == stepName
                }?.value
                XCTAssertEqual(histogramCount.map(Int.init), step["requests"] as? Int, "\(flowName) / \(stepName): one latency per request")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 2, "every step of the plan")
        XCTAssertTrue(final.contains { $0.name == "preflight_requests_total" && $0.labels["category"] == "http_5xx" }, "injected failures are counted by category")
        let schedule = (report["load"] as? [String: Any])?["schedule"] as? [String: Any]
        XCTAssertEqual(final.first { $0.name == "preflight_iterations_started_total" }?.value.rounded(), (schedule?["startedIterations"] as? Int).map(Double.init))
        XCTAssertTrue(final.contains { $0.name == "preflight_threshold_passing" && $0.labels["threshold"] == "requests rate >= 1000/s" && $0.value == 0 },
                      "a failing threshold shows as 0")
        XCTAssertTrue(final.contains { $0.name == "preflight_threshold_passing" && $0.labels["threshold"] == "errors rate < 50% over 2s" && $0.value == 1 },
                      "a windowed threshold shows its latest window")
    }
}
