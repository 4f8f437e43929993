import Foundation
import PreflightMetrics
import PreflightPlan
import PreflightReports
import XCTest

final class ReportFilesTests: XCTestCase {
    private func sampleReport() -> RunReport {
        RunReport(
            run: RunInfo(planName: "pos", planFile: "plans/pos.yaml", planSHA256: "ab", profile: "smoke", mode: "smoke",
                         startedAt: "2026-11-24T00:00:00.000Z", endedAt: "2026-11-24T00:00:01.000Z", durationSeconds: 1),
            targets: [TargetInfo(name: "api", url: "http://127.0.0.1:1")],
            verdict: Verdict(status: .failed, exitCode: 1, reasons: ["checkout / create order: http_5xx: status expected 201, got 500"]),
            flows: [FlowReport(name: "checkout", iterations: 1, passedIterations: 0, steps: [
                StepReport(name: "create order", requests: 1, skipped: 0, results: ["http_5xx": 1],
                           latency: LatencySummary(count: 1, minMs: 2, meanMs: 2, p50Ms: 2, p90Ms: 2, p95Ms: 2, p99Ms: 2, maxMs: 2),
                           phases: PhaseSummaries(dns: LatencySummary(), connect: LatencySummary(), tls: LatencySummary(), firstByte: LatencySummary()),
                           failureSamples: []),
                StepReport(name: "pay", requests: 0, skipped: 1, results: [:], latency: LatencySummary(),
                           phases: PhaseSummaries(dns: LatencySummary(), connect: LatencySummary(), tls: LatencySummary(), firstByte: LatencySummary()),
                           failureSamples: []),
            ])]
        )
    }

    func testJSONReportRoundTripsAndCarriesItsSchemaVersion() throws {
        let report = sampleReport()
        let bytes = try JSONReportRenderer.render(report)
        XCTAssertEqual(try JSONReportRenderer.decode(bytes), report)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        XCTAssertEqual(object["schemaVersion"] as? Int, RunReport.currentSchemaVersion)
    }

    func testTerminalSummaryShowsEachStepAndTheVerdict() {
        let text = TerminalSummaryRenderer.render(sampleReport())
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("flow / step"))
        XCTAssertTrue(lines[1].hasPrefix("checkout / create order"))
        XCTAssertTrue(lines[1].contains("2.0 ms"))
        XCTAssertTrue(lines[2].hasPrefix("checkout / pay"))
        XCTAssertTrue(lines[2].hasSuffix("-"), "a step that never ran shows no latency")
        XCTAssertTrue(text.contains("FAILED (exit 1)"))
        XCTAssertTrue(text.contains("status expected 201, got 500"))
    }

    func testAtomicWriteReplacesWholeFileAndLeavesNoTemporaries() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-\(UUID().uuidString)/nested")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let path = directory.appendingPathComponent("report.json").path
        try AtomicFileWriter.write(Array("first".utf8), to: path, mode: .replace)
        try AtomicFileWriter.write(Array("second".utf8), to: path, mode: .replace)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "second")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["report.json"])
    }

    func testAGeneratedReportIsNeverOverwritten() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.json").path
        try AtomicFileWriter.write(Array("first".utf8), to: path)
        XCTAssertThrowsError(try AtomicFileWriter.write(Array("second".utf8), to: path)) { error in
            XCTAssertTrue((error as? FileWriteError)?.alreadyExists == true, "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "first")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["report.json"], "no temporary left behind")
    }

    func testWriteFailuresAreSentencesNamingThePath() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-file-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertThrowsError(try AtomicFileWriter.write([1], to: file.path + "/sub/report.json")) { error in
            XCTAssertEqual("\(error)", "cannot write \(file.path): a part of the path is a file, not a directory")
        }
        XCTAssertThrowsError(try AtomicFileWriter.checkWritable(directory: "/proc/preflight-test")) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot write /proc/preflight-test: "), "\(error)")
        }
    }

    func testCredentialsAreStrippedFromTargetURLs() {
        XCTAssertEqual(URLCredentials.strip("https://admin:hunter2@api.example.com/v1"), "https://api.example.com/v1")
        XCTAssertEqual(URLCredentials.strip("http://127.0.0.1:8080"), "http://127.0.0.1:8080")
    }
}
