import Foundation
import Glibc
import PreflightDemoTarget
import XCTest

/// The defects a gate in someone else's pipeline must never have, each provoked against the real
/// binary: a signal that kills a run without its report, a report that silently goes missing or
/// is overwritten, server bytes that drive the terminal, secrets reflected in another encoding,
/// and rendered values that would change what is sent.
final class HardeningCommandTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeScratchDirectory("hardening")
    }

    private func writePlan(_ text: String, name: String = "plan.yaml") throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private var reports: URL { directory.appendingPathComponent("reports") }

    /// Starts the binary, waits until `ready()` or 30 s, sends `signal`, and returns its exit status and output.
    private func interrupt(
        _ arguments: [String], with signal: Int32, when ready: @escaping () -> Bool
    ) async throws -> (status: Int32, reason: Process.TerminationReason, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("preflight")
        process.arguments = arguments
        process.currentDirectoryURL = CommandRunner.repositoryRoot
        let stdout = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let stderr = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: stdout.path, contents: nil)
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        let readyBy = Date().addingTimeInterval(30)
        while !ready(), process.isRunning, Date() < readyBy { try await Task.sleep(for: .milliseconds(10)) }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            XCTFail("preflight did not stop within 30 s of the signal")
        }
        process.waitUntilExit()
        return (process.terminationStatus, process.terminationReason,
                try String(contentsOf: stdout, encoding: .utf8), try String(contentsOf: stderr, encoding: .utf8))
    }

    private static let sixSteps = """
        name: six
        targets: { api: "${API_URL}" }
        flows:
          slow:
            steps:
              - { name: one, path: /health }
              - { name: two, path: /health }
              - { name: three, path: /health }
          slower:
            steps:
              - { name: four, path: /health }
              - { name: five, path: /health }
              - { name: six, path: /health }
        """

    // MARK: Signals

    func testSmokeStopsGracefullyOnSIGINTSIGTERMAndSIGHUP() async throws {
        let plan = try writePlan(Self.sixSteps)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(latency: .fixed(.milliseconds(400))))
            let out = reports.appendingPathComponent("\(signal)")
            let result = try await interrupt(["smoke", plan, "-e", "API_URL=\(target.baseURL)", "--out", out.path], with: signal) {
                target.requestCount >= 1
            }
            let sent = target.requestCount
            await target.stop()
            XCTAssertEqual(result.reason, .exit, "signal \(signal) must not kill the process")
            XCTAssertEqual(result.status, 130, "signal \(signal): \(result.stderr)")
            XCTAssertLessThan(sent, 6, "signal \(signal): no new step started after the signal")
            let report = try ReportFiles.object(at: try ReportFiles.onlyJSON(in: out))
            XCTAssertEqual((report["verdict"] as? [String: Any])?["status"] as? String, "interrupted", "signal \(signal)")
            XCTAssertTrue(result.stdout.contains("INTERRUPTED") || result.stdout.contains("interrupted"), result.stdout)
        }
    }

    func testASignalWhileALargePlanLoadsExits130AndSendsNothing() async throws {
        let listener = try FaultServer { _ in }
        defer { listener.stop() }
        var text = "name: large\ntargets: { api: \"\(listener.url)\" }\nflows:\n  big:\n    steps:\n"
        for index in 0..<150_000 { text += "      - { name: s\(index), path: /health, expect: { status: 200 } }\n" }
        let plan = try writePlan(text)
        // Signal once the process is up, while it is still reading and validating ~10 MB of YAML.
        let started = Date()
        let result = try await interrupt(["smoke", plan, "--out", reports.path], with: SIGINT) { Date().timeIntervalSince(started) > 0.4 }
        XCTAssertEqual(result.reason, .exit, "a signal during loading must not kill the process: \(result.stderr)")
        XCTAssertEqual(result.status, 130)
        XCTAssertTrue(result.stderr.contains("before anything was sent"), result.stderr)
        XCTAssertEqual(listener.connections, 0)
    }

    // MARK: Reports

    func testAnUnwritableReportPlaceExits2BeforeSendingAnything() async throws {
        let target = try await DemoTarget.start()
        let plan = try writePlan(Self.sixSteps)
        let file = directory.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        for out in [file.path, file.path + "/under", "/proc/preflight-reports"] {
            let result = try CommandRunner.preflight(["smoke", plan, "-e", "API_URL=\(target.baseURL)", "--out", out])
            XCTAssertEqual(result.status, 2, "--out \(out): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("cannot write"), result.stderr)
            XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain") || result.stderr.contains("Error Domain"), result.stderr)
        }
        let fixed = try CommandRunner.preflight(["smoke", plan, "-e", "API_URL=\(target.baseURL)", "--report-json", directory.path])
        XCTAssertEqual(fixed.status, 2, "a directory is not a report path: \(fixed.stderr)")
        XCTAssertEqual(target.requestCount, 0, "nothing is sent when the evidence has nowhere to go")
        await target.stop()
    }

    func testAPassingRunWhoseReportCannotBeWrittenFails() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(latency: .fixed(.milliseconds(300))))
        let plan = try writePlan(Self.sixSteps)
        let path = directory.appendingPathComponent("ci/report.json")
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        // The place is fine when checked; once traffic flows, a directory takes the report's name.
        let sabotage = Task {
            while target.requestCount < 1 { try await Task.sleep(for: .milliseconds(10)) }
            try FileManager.default.createDirectory(at: path, withIntermediateDirectories: false)
        }
        let result = try CommandRunner.preflight(["smoke", plan, "-e", "API_URL=\(target.baseURL)", "--report-json", path.path, "--no-html"])
        try await sabotage.value
        await target.stop()
        XCTAssertTrue(result.stdout.contains("PASSED"), "every step passed: \(result.stdout)")
        XCTAssertEqual(result.status, 1, "a gate never passes without its evidence: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("cannot write \(path.path)"), result.stderr)
    }

    func testRunsInTheSameSecondKeepEveryReportAndFixedPathsAreReplaced() async throws {
        let target = try await DemoTarget.start()
        let plan = try writePlan("name: quick\ntargets: { api: \"${API_URL}\" }\nflows:\n  f:\n    steps:\n      - { name: h, path: /health }\n")
        for _ in 0..<3 {
            let result = try CommandRunner.preflight(["smoke", plan, "-e", "API_URL=\(target.baseURL)", "--out", reports.path, "--quiet", "--junit"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        XCTAssertEqual(try ReportFiles.files(in: reports, ending: ".json").count, 3, "no report replaced another")
        XCTAssertEqual(try ReportFiles.files(in: reports, ending: ".junit.xml").count, 3)
        let fixed = directory.appendingPathComponent("ci/preflight.json")
        for _ in 0..<2 {
            let result = try CommandRunner.preflight(["smoke", plan, "-e", "API_URL=\(target.baseURL)", "--report-json", fixed.path, "--no-html", "--quiet"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        await target.stop()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: fixed.deletingLastPathComponent().path), ["preflight.json"])
        XCTAssertNotNil(try ReportFiles.object(at: fixed)["verdict"])
    }

    // MARK: What reaches the terminal and the reports

    func testServerControlSequencesNeverReachTheTerminalOrMarkdown() async throws {
        let target = try await DemoTarget.start()
        let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[32mPASSED (exit 0)\u{1B}[0m"
        let plan = try writePlan("""
            name: hostile
            targets: { api: "${API_URL}" }
            flows:
              f:
                steps:
                  - name: echo
                    path: /api/echo
                    query: { text: "${HOSTILE}" }
                    expect: { body: { contains: "never there" } }
            """)
        let result = try CommandRunner.preflight(["smoke", plan, "-e", "API_URL=\(target.baseURL)", "-e", "HOSTILE=\(hostile)", "--out", reports.path, "--markdown"])
        await target.stop()
        XCTAssertEqual(result.status, 1)
        for (name, text) in [("stdout", result.stdout), ("stderr", result.stderr), ("markdown", try String(contentsOf: try XCTUnwrap(ReportFiles.files(in: reports, ending: ".md").first), encoding: .utf8))] {
            XCTAssertFalse(text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(name) carries raw control characters")
        }
        XCTAssertTrue(result.stdout.contains("\\x1B]0;pwned\\x07"), "shown as escapes instead: \(result.stdout)")
    }

    func testSecretsReflectedInOtherEncodingsAreMaskedEverywhere() async throws {
        let target = try await DemoTarget.start()
        let password = #"pa/ss"word-Q9"#
        let credential = Data("admin:s3cr/t".utf8).base64EncodedString()
        // What servers echo back: standard JSON (no '\/'), ASCII-only JSON, and the Basic header curl built from the URL.
        let reflected = #"{"password":"pa/ss\"word-Q9","name":"p\u00e4ss","auth":"Basic "# + credential + #""}"#
        let plan = try writePlan("""
            name: secrets
            targets: { api: "${API_URL}" }
            variables:
              password: "${PASSWORD}"
              other: "${OTHER}"
            secrets: [password, other]
            flows:
              f:
                steps:
                  - name: echo
                    path: /api/echo
                    query: { text: "${REFLECTED}" }
                    expect: { body: { contains: "never there" } }
            """)
        let base = target.baseURL.replacingOccurrences(of: "http://", with: "http://admin:s3cr%2Ft@")
        let result = try CommandRunner.preflight([
            "smoke", plan, "-e", "API_URL=\(base)", "-e", "PASSWORD=\(password)", "-e", "OTHER=päss", "-e", "REFLECTED=\(reflected)",
            "--out", reports.path, "--junit", "--markdown",
        ])
        await target.stop()
        XCTAssertEqual(result.status, 1, result.stderr)
        var outputs = [("stdout", result.stdout), ("stderr", result.stderr)]
        for suffix in [".json", ".html", ".junit.xml", ".md"] {
            let file = try XCTUnwrap(ReportFiles.files(in: reports, ending: suffix).first, suffix)
            outputs.append((suffix, try String(contentsOf: file, encoding: .utf8)))
        }
        for (name, text) in outputs {
            for leak in ["word-Q9", #"p\u00e4ss"#, "päss", credential, "s3cr"] {
                XCTAssertFalse(text.contains(leak), "\(name) leaks \(leak)")
            }
        }
        XCTAssertTrue(result.stdout.contains("***"), "the echo is shown, masked: \(result.stdout)")
        try ReportFiles.validateJUnit(reports)
    }

    // MARK: What is sent

    func testRenderedValuesThatWouldChangeTheRequestFailTheStepUnsent() throws {
        let listener = try FaultServer { FaultServer.send($0, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") }
        defer { listener.stop() }
        let plan = try writePlan("""
            name: injection
            targets: { api: "\(listener.url)" }
            variables:
              order: "${ORDER}"
              next: "${NEXT}"
            flows:
              header:
                steps:
                  - { name: tagged, path: /orders, headers: { X-Order: "{{order}}" } }
              url:
                steps:
                  - { name: followed, path: "{{next}}" }
            """)
        let result = try CommandRunner.preflight(["smoke", plan, "-e", "ORDER=1\r\nX-Admin: true", "-e", "NEXT=file:///etc/passwd", "--out", reports.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("the value of header 'X-Order' contains a line break"), result.stdout)
        XCTAssertTrue(result.stdout.contains("only http and https are sent"), result.stdout)
        XCTAssertEqual(listener.connections, 0, "neither request was sent")
    }

    func testABodyCutAtTheLimitSaysSoInsteadOfBlamingTheJSON() throws {
        let large = "{\"items\":[" + Array(repeating: "\"0123456789abcdef\"", count: 120_000).joined(separator: ",") + "]}"
        let server = try FaultServer { FaultServer.send($0, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(large.utf8.count)\r\n\r\n" + large) }
        defer { server.stop() }
        func plan(_ defaults: String) throws -> String {
            try writePlan("""
                name: large
                targets: { api: "\(server.url)" }
                \(defaults)
                flows:
                  f:
                    steps:
                      - { name: list, path: /items, expect: { json: { "$.items[0]": "0123456789abcdef" } } }
                """, name: "large-\(UUID().uuidString).yaml")
        }
        let fits = try CommandRunner.preflight(["smoke", try plan(""), "--out", reports.path, "--quiet"])
        XCTAssertEqual(fits.status, 0, "a 2 MB JSON body fits the default limit: \(fits.stdout)")
        let cut = try CommandRunner.preflight(["smoke", try plan("defaults: { maxBodySize: 1MiB }"), "--out", reports.path])
        XCTAssertEqual(cut.status, 1)
        XCTAssertTrue(cut.stdout.contains("body truncated at 1 MiB"), cut.stdout)
    }

    func testAZeroDurationIsRefusedLikeAZeroRate() throws {
        for option in [["--duration", "0s"], ["--rate", "0"]] {
            let result = try CommandRunner.preflight(["run", "plans/go-live.yaml", "--profile", "load"] + option)
            XCTAssertEqual(result.status, 2, "\(option): \(result.stderr)")
        }
    }

    func testAReaderThatGoesAwayDoesNotCostTheRunItsReports() async throws {
        let target = try await DemoTarget.start()
        defer { Task { await target.stop() } }
        let plan = try writePlan(Self.sixSteps)
        // `preflight smoke plan.yaml | head -1`: the pipe's reader is gone before the run prints.
        var descriptors: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&descriptors), 0)
        close(descriptors[0])
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("preflight")
        process.arguments = ["smoke", plan, "-e", "API_URL=\(target.baseURL)", "--out", reports.path, "--no-html"]
        process.standardOutput = FileHandle(fileDescriptor: descriptors[1], closeOnDealloc: true)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        XCTAssertEqual(process.terminationReason, .exit, "not killed by SIGPIPE")
        XCTAssertEqual(process.terminationStatus, 0)
        let written = try FileManager.default.contentsOfDirectory(atPath: reports.path)
        XCTAssertTrue(written.contains { $0.hasSuffix(".json") }, "the report was still written: \(written)")
    }
}
