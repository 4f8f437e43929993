import Foundation
import PreflightDemoTarget
import XCTest

/// `plans/go-live-checks.yaml`, the checklist's non-load lines, run by the built binary against the
/// demo target serving HTTPS with a certificate from a test CA: green when the deployment is right,
/// and red with the observed value when it is not. Also the HTTP version a target is spoken to in.
final class GoLiveChecksTests: XCTestCase {
    private var directory: URL!
    /// Where the latest `smoke` wrote its reports.
    private var lastReports: URL?

    override func setUpWithError() throws {
        directory = try makeScratchDirectory("golive")
    }

    private func smoke(_ plan: String, _ options: [String] = []) throws -> (result: CommandResult, report: [String: Any]) {
        let out = directory.appendingPathComponent("reports-\(UUID().uuidString)")
        lastReports = out
        let result = try CommandRunner.preflight(["smoke", plan, "--out", out.path] + options)
        let file = try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".json") }
        let data = try Data(contentsOf: out.appendingPathComponent(try XCTUnwrap(file, result.stdout + result.stderr)))
        return (result, try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any]))
    }

    /// Each step of the report by name.
    private func steps(_ report: [String: Any]) -> [String: [String: Any]] {
        let flows = report["flows"] as? [[String: Any]] ?? []
        let steps = flows.flatMap { $0["steps"] as? [[String: Any]] ?? [] }
        return Dictionary(steps.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    func testTheGoLiveChecksPlanPassesAgainstAnHTTPSDeployment() async throws {
        let pki = try TestPKI()
        let leaf = try pki.leaf("server", for: ["api.example.test", "IP:127.0.0.1"], days: 90)
        let target = try await DemoTarget.start(tls: DemoTargetTLS(certificateChainFile: leaf.certificate, privateKeyFile: leaf.key, redirectPort: 0))
        defer { Task { await target.stop() } }
        let redirect = try XCTUnwrap(target.redirectURL)

        let (result, report) = try smoke("plans/go-live-checks.yaml", [
            "--cacert", pki.caFile, "-e", "API_URL=\(target.baseURL)", "-e", "HTTP_URL=\(redirect)",
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("tls: TLSv1.3, certificate valid until"), "a passing TLS check says what it saw: \(result.stdout)")
        XCTAssertTrue(result.stdout.contains("issuer CN = Preflight Test CA"), result.stdout)
        let reports = try XCTUnwrap(lastReports)
        let html = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: reports.path).first { $0.hasSuffix(".html") })
        let page = try String(contentsOf: reports.appendingPathComponent(html), encoding: .utf8)
        XCTAssertTrue(page.contains("tls: TLSv1.3, certificate valid until"), "the HTML checklist shows what the passing TLS check saw")

        let byName = steps(report)
        XCTAssertEqual(byName.count, 11, "every line of the checklist ran: \(byName.keys.sorted())")
        let tls = try XCTUnwrap(byName["health over TLS 1.2+ with a lasting certificate"]?["tls"] as? [String: Any])
        XCTAssertEqual(tls["version"] as? String, "TLSv1.3")
        let daysLeft = try XCTUnwrap(tls["daysLeft"] as? Double)
        XCTAssertTrue((88...90.1).contains(daysLeft), "a 90-day certificate made just now: \(daysLeft)")
        XCTAssertEqual(tls["subjectAlternativeNames"] as? [String], ["DNS:api.example.test", "IP Address:127.0.0.1"])
        // HTTP/2 over TLS by ALPN, as a browser would; the redirect port only speaks HTTP/1.1.
        XCTAssertEqual(byName["login"]?["httpVersions"] as? [String: Int], ["2": 1])
        XCTAssertEqual(byName["plain HTTP redirects to HTTPS"]?["httpVersions"] as? [String: Int], ["1.1": 1])
    }

    func testEachBrokenGoLiveLineFailsWithWhatWasSeen() async throws {
        // Plain HTTP everywhere, a CORS policy for another front end: no TLS, no HSTS, no redirect.
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(corsOrigins: ["https://admin.example.test"]))
        defer { Task { await target.stop() } }

        let (result, _) = try smoke("plans/go-live-checks.yaml", ["-e", "API_URL=\(target.baseURL)", "-e", "HTTP_URL=\(target.baseURL)"])
        XCTAssertEqual(result.status, 1, result.stdout)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        func failure(_ step: String) -> String {
            lines.first { $0.contains("FAIL") && $0.contains(step) } ?? "no FAIL line for \(step)"
        }
        XCTAssertTrue(failure("health over TLS").contains("no TLS handshake (plain http?)"), failure("health over TLS"))
        XCTAssertTrue(failure("HSTS").contains("Strict-Transport-Security"), failure("HSTS"))
        XCTAssertTrue(failure("plain HTTP redirects").contains("got 200"), failure("plain HTTP redirects"))
        XCTAssertTrue(failure("CORS allows the front end").contains("Access-Control-Allow-Origin"), failure("CORS allows the front end"))
        XCTAssertTrue(lines.contains { $0.contains("PASS") && $0.contains("CORS refuses other origins") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.contains("PASS") && $0.contains("logout") }, "the critical flow still works: \(result.stdout)")
    }

    func testTheHTTPVersionIsChosenPerTargetAndRecordedPerStep() async throws {
        let pki = try TestPKI()
        let leaf = try pki.leaf("server", for: ["IP:127.0.0.1"])
        let target = try await DemoTarget.start(tls: DemoTargetTLS(certificateChainFile: leaf.certificate, privateKeyFile: leaf.key))
        defer { Task { await target.stop() } }
        let old = try TLSTestServer(certificate: leaf.certificate, key: leaf.key)
        defer { old.stop() }

        let plan = directory.appendingPathComponent("versions.yaml").path
        try """
            name: versions
            targets:
              modern: "\(target.baseURL)"
              legacy: { url: "\(target.baseURL)", http: "1.1" }
              old: { url: "\(old.url)", http: "2" }
            defaults: { target: modern }
            flows:
              health:
                steps:
                  - { name: negotiated, path: /health, expect: { status: 200 } }
                  - { name: pinned to 1.1, target: legacy, path: /health, expect: { status: 200 } }
              old:
                steps:
                  - { name: required 2, target: old, path: /, expect: { status: 200 } }
            """.write(toFile: plan, atomically: true, encoding: .utf8)

        let (result, report) = try smoke(plan, ["--cacert", pki.caFile])
        XCTAssertEqual(result.status, 1, "the old server cannot speak HTTP/2: \(result.stdout)")
        let byName = steps(report)
        XCTAssertEqual(byName["negotiated"]?["httpVersions"] as? [String: Int], ["2": 1])
        XCTAssertEqual(byName["pinned to 1.1"]?["httpVersions"] as? [String: Int], ["1.1": 1])
        XCTAssertTrue(result.stdout.contains("http version expected HTTP/2, got HTTP/1"), "a fallback is a failure, not a silent change: \(result.stdout)")
        let targets = report["targets"] as? [[String: Any]] ?? []
        let legacy = targets.first { $0["name"] as? String == "legacy" }?["connection"] as? [String: Any]
        XCTAssertEqual(legacy?["httpVersion"] as? String, "1.1", "the report says which target was pinned: \(targets)")

        // The command line overrides every target: all HTTP/1.1.
        let (forced, forcedReport) = try smoke(plan, ["--cacert", pki.caFile, "--http", "1.1"])
        XCTAssertEqual(forced.status, 0, forced.stdout)
        XCTAssertEqual(steps(forcedReport)["negotiated"]?["httpVersions"] as? [String: Int], ["1.1": 1])
    }
}
