import Foundation
import PreflightDemoTarget
import XCTest

/// The exit codes and output a CD pipeline depends on, from the real binary against the real demo target.
final class CommandLineTests: XCTestCase {
    private var reportsDirectory: URL!

    override func setUp() {
        reportsDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-reports-\(UUID().uuidString)")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: reportsDirectory)
    }

    private func writePlan(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    func testValidateAcceptsTheDemoPlan() throws {
        let result = try CommandRunner.preflight(["validate", "plans/demo-smoke.yaml"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("is valid"), result.stdout)
    }

    func testValidateReportsEveryProblemWithLineAndColumnAndExits2() throws {
        let path = try writePlan("""
            name: broken
            targets:
              api: "not a url"
            flows:
              health:
                steps:
                  - name: health
                    path: /health
                    expct: { status: 200 }
                    timeout: 5 parsecs
            """)
        let result = try CommandRunner.preflight(["validate", path])
        XCTAssertEqual(result.status, 2)
        let problems = result.stderr.split(separator: "\n").filter { $0.hasPrefix(path + ":") }
        XCTAssertGreaterThanOrEqual(problems.count, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(path):3:"), "the bad URL on line 3: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("\(path):9:9:"), "the unknown key at line 9, column 9: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("expect"), "a did-you-mean for 'expct': \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("\(path):10:"), "the bad duration on line 10: \(result.stderr)")
    }

    func testABadCommandLineExits2LikeAnInvalidPlan() throws {
        let result = try CommandRunner.preflight(["smoke", "plans/demo-smoke.yaml", "--iterations", "0"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("--iterations must be at least 1"), result.stderr)
        XCTAssertEqual(try CommandRunner.preflight(["--help"]).status, 0)
        let ignored = try CommandRunner.preflight(["run", "plans/go-live.yaml", "--profile", "load", "--vus", "3"])
        XCTAssertEqual(ignored.status, 2, "an override the profile cannot use is refused, not ignored")
        XCTAssertTrue(ignored.stderr.contains("--vus applies to constant-vus profiles"), ignored.stderr)
    }

    func testAMisspeltProfileGetsTheNearestName() throws {
        let typo = try CommandRunner.preflight(["run", "plans/go-live.yaml", "--profile", "smok"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains("no profile 'smok'; the plan has: load, smoke"), typo.stderr)
        XCTAssertTrue(typo.stderr.contains("hint: did you mean 'smoke'?"), typo.stderr)
        XCTAssertTrue(try CommandRunner.preflight(["run", "plans/go-live.yaml", "--profile", "laod"]).stderr.contains("did you mean 'load'?"))
        let unrelated = try CommandRunner.preflight(["run", "plans/go-live.yaml", "--profile", "soak"])
        XCTAssertEqual(unrelated.status, 2)
        XCTAssertFalse(unrelated.stderr.contains("did you mean"), "no guess when nothing is close: \(unrelated.stderr)")
    }

    func testAnInvalidPlanSendsNothing() async throws {
        let target = try await DemoTarget.start()
        let path = try writePlan("""
            name: invalid
            targets: { api: "${API_URL}" }
            flows:
              f:
                steps:
                  - { name: a, path: "/health?x={{undefined}}" }
            """)
        let result = try CommandRunner.preflight(["smoke", path, "--env", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path])
        let requests = target.requestCount
        await target.stop()
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("undefined"), result.stderr)
        XCTAssertEqual(requests, 0)
    }

    func testSmokeAgainstTheDemoTargetPassesAndWritesAReport() async throws {
        let target = try await DemoTarget.start()
        let result = try CommandRunner.preflight(["smoke", "plans/demo-smoke.yaml", "--env", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path])
        await target.stop()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("PASS  checkout / login"), result.stdout)
        XCTAssertFalse(result.stdout.contains("demo-password"), "a secret was printed")
        let path = try ReportFiles.onlyJSON(in: reportsDirectory)
        let data = try Data(contentsOf: path)
        let report = try ReportFiles.object(at: path)
        XCTAssertEqual(report["schemaVersion"] as? Int, 1)
        XCTAssertEqual((report["verdict"] as? [String: Any])?["status"] as? String, "passed")
        XCTAssertFalse(String(decoding: data, as: UTF8.self).contains("demo-password"), "a secret was written")
    }

    func testSmokeWithAWrongExpectationExits1AndSaysWhyInOneLine() async throws {
        let target = try await DemoTarget.start()
        let path = try writePlan("""
            name: wrong
            targets: { api: "${API_URL}" }
            flows:
              health:
                steps:
                  - name: health
                    path: /health
                    expect: { status: 200, json: { $.status: sick } }
                  - { name: after, path: /health }
            """)
        let result = try CommandRunner.preflight(["smoke", path, "--env", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path])
        await target.stop()
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let failLine = try XCTUnwrap(result.stdout.split(separator: "\n").first { $0.contains("FAIL  health / health") })
        XCTAssertTrue(failLine.contains("json $.status expected \"sick\", got healthy"), String(failLine))
        XCTAssertTrue(result.stdout.contains("SKIP  health / after"), result.stdout)
        XCTAssertTrue(result.stdout.contains("FAILED (exit 1)"), result.stdout)
    }

    func testAPlanCanComeFromStandardInput() async throws {
        let target = try await DemoTarget.start()
        let plan = "name: piped\ntargets: { api: \"${API_URL}\" }\nflows:\n  f:\n    steps:\n      - { name: h, path: /health }\n"
        let run = try CommandRunner.preflight(["smoke", "-", "-e", "API_URL=\(target.baseURL)", "--out", reportsDirectory.path], input: plan)
        await target.stop()
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue(try ReportFiles.onlyJSON(in: reportsDirectory).lastPathComponent.hasPrefix("stdin-smoke-"))
        let broken = try CommandRunner.preflight(["validate", "-"], input: "name: piped\nflows: 3\n")
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(broken.stderr.contains("stdin:2:8:"), broken.stderr)
    }

    func testTheDemoRunsFromAnyDirectory() throws {
        let elsewhere = try makeScratchDirectory("elsewhere")
        let result = try CommandRunner.preflight(["demo", "--out", reportsDirectory.path, "--quiet"], in: elsewhere)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(try ReportFiles.onlyJSON(in: reportsDirectory).lastPathComponent.hasPrefix("demo-smoke-smoke-"))
    }
}
