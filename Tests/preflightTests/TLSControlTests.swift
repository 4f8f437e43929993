import Foundation
import XCTest

/// Testing a real deployment's TLS from the command line, against `openssl s_server` on loopback
/// with certificates made at test time: a private CA, a name before its DNS cutover, a TLS floor,
/// and a server that requires a client certificate.
final class TLSControlTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeScratchDirectory("tls")
    }

    private func plan(target: String, defaults: String = "") throws -> String {
        let path = directory.appendingPathComponent("tls-\(UUID().uuidString).yaml").path
        try """
            name: tls
            targets: { api: "\(target)" }
            \(defaults)
            flows:
              health:
                steps:
                  - { name: home, path: /, expect: { status: 200 } }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func smoke(_ plan: String, _ options: [String] = [], environment: [String: String] = [:]) throws -> CommandResult {
        try CommandRunner.preflight(["smoke", plan, "--out", directory.appendingPathComponent("reports").path, "--no-html"] + options, environment: environment)
    }

    func testAPrivateCAIsTrustedOnlyWhenGiven() throws {
        let pki = try TestPKI()
        let leaf = try pki.leaf("server", for: ["IP:127.0.0.1"])
        let server = try TLSTestServer(certificate: leaf.certificate, key: leaf.key)
        defer { server.stop() }
        let plan = try plan(target: server.url)

        let untrusted = try smoke(plan)
        XCTAssertEqual(untrusted.status, 1)
        XCTAssertTrue(untrusted.stdout.contains("tls_error"), untrusted.stdout)
        let flag = try smoke(plan, ["--cacert", pki.caFile])
        XCTAssertEqual(flag.status, 0, flag.stdout + flag.stderr)
        let environment = try smoke(plan, environment: ["CURL_CA_BUNDLE": pki.caFile])
        XCTAssertEqual(environment.status, 0, "curl's own variable is honoured: \(environment.stdout)")
        let inPlan = try smoke(try self.plan(target: server.url, defaults: "defaults: { tls: { caFile: \"\(pki.caFile)\" } }"))
        XCTAssertEqual(inPlan.status, 0, inPlan.stdout)
        let insecure = try smoke(plan, ["--insecure"])
        XCTAssertEqual(insecure.status, 0)
        XCTAssertEqual(insecure.stderr.components(separatedBy: "NOT verified").count - 1, 2, "said before and after the run: \(insecure.stderr)")
    }

    func testResolveReachesANewLoadBalancerUnderItsRealName() throws {
        let pki = try TestPKI()
        let leaf = try pki.leaf("cutover", for: ["api.example.test"])
        let server = try TLSTestServer(certificate: leaf.certificate, key: leaf.key)
        defer { server.stop() }
        let plan = try plan(target: "https://api.example.test:\(server.port)")
        let resolved = try smoke(plan, ["--cacert", pki.caFile, "--resolve", "api.example.test:\(server.port):127.0.0.1"])
        XCTAssertEqual(resolved.status, 0, "TLS verified against the real name, sent to 127.0.0.1: \(resolved.stdout)")
        let connectTo = try smoke(plan, ["--cacert", pki.caFile, "--connect-to", "api.example.test:\(server.port):127.0.0.1:\(server.port)"])
        XCTAssertEqual(connectTo.status, 0, connectTo.stdout)
        let inPlan = try smoke(try self.plan(
            target: "https://api.example.test:\(server.port)",
            defaults: "defaults: { tls: { caFile: \"\(pki.caFile)\" }, resolve: [\"api.example.test:\(server.port):127.0.0.1\"] }"))
        XCTAssertEqual(inPlan.status, 0, inPlan.stdout)
        // The certificate names api.example.test; reaching it as 127.0.0.1 must fail the host check.
        let wrongName = try smoke(try self.plan(target: server.url), ["--cacert", pki.caFile])
        XCTAssertEqual(wrongName.status, 1)
        XCTAssertTrue(wrongName.stdout.contains("tls_error"), wrongName.stdout)
        let typo = try smoke(plan, ["--resolve", "api.example.test:\(server.port)"])
        XCTAssertEqual(typo.status, 2, "a malformed override is refused before anything is sent: \(typo.stderr)")
    }

    /// Without `--resolve` the name must go to DNS and fail there. Run in a network namespace of its
    /// own (`unshare -n`: only a downed loopback), so the lookup cannot leave the machine.
    func testWithoutResolveTheNameFailsAsADNSFailure() throws {
        let unshare = URL(fileURLWithPath: "/usr/bin/unshare")
        let probe = Process()
        probe.executableURL = unshare
        probe.arguments = ["-n", "true"]
        try probe.run()
        probe.waitUntilExit()
        try XCTSkipUnless(probe.terminationStatus == 0, "this machine cannot make a network namespace (unshare -n)")
        let plan = try plan(target: "https://api.example.test:8443")
        let process = Process()
        process.executableURL = unshare
        process.arguments = ["-n", CommandRunner.productsDirectory.appendingPathComponent("preflight").path,
                             "smoke", plan, "--out", directory.appendingPathComponent("dns").path, "--no-html"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1, text)
        XCTAssertTrue(text.contains("dns_failure: Could not resolve host: api.example.test"), text)
    }

    func testAMinimumTLSVersionRefusesAnOlderServer() throws {
        let pki = try TestPKI()
        let leaf = try pki.leaf("old", for: ["IP:127.0.0.1"])
        let server = try TLSTestServer(certificate: leaf.certificate, key: leaf.key, options: ["-tls1_2"])
        defer { server.stop() }
        let plan = try plan(target: server.url)
        XCTAssertEqual(try smoke(plan, ["--cacert", pki.caFile]).status, 0, "TLS 1.2 is accepted by default")
        let floor = try smoke(plan, ["--cacert", pki.caFile, "--tls-min", "1.3"])
        XCTAssertEqual(floor.status, 1)
        XCTAssertTrue(floor.stdout.contains("tls_error"), floor.stdout)
    }

    func testMutualTLSPassesOnlyWithTheClientCertificate() throws {
        let pki = try TestPKI()
        let leaf = try pki.leaf("server", for: ["IP:127.0.0.1"])
        let client = try pki.leaf("client", for: ["preflight-client"])
        let server = try TLSTestServer(certificate: leaf.certificate, key: leaf.key, options: ["-Verify", "1", "-CAfile", pki.caFile])
        defer { server.stop() }
        let plan = try plan(target: server.url)
        XCTAssertEqual(try smoke(plan, ["--cacert", pki.caFile]).status, 1, "no client certificate, no answer")
        let mutual = try smoke(plan, ["--cacert", pki.caFile, "--cert", client.certificate, "--key", client.key])
        XCTAssertEqual(mutual.status, 0, mutual.stdout + mutual.stderr)
    }

    private func checks(_ tls: String) -> String {
        "expect: { status: 200, tls: \(tls) }"
    }

    private func checkPlan(target: String, ca: String, tls: String) throws -> String {
        let path = directory.appendingPathComponent("checks-\(UUID().uuidString).yaml").path
        try """
            name: go-live tls
            targets: { api: "\(target)" }
            defaults: { tls: { caFile: "\(ca)" } }
            flows:
              tls:
                steps:
                  - { name: certificate, path: /, \(checks(tls)) }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testGoLiveTLSChecksPassAndFailWithTheObservedValues() throws {
        let pki = try TestPKI()
        let fresh = try pki.leaf("fresh", for: ["IP:127.0.0.1"], days: 90)
        let expiring = try pki.leaf("expiring", for: ["IP:127.0.0.1"], days: 3)
        let freshServer = try TLSTestServer(certificate: fresh.certificate, key: fresh.key)
        let expiringServer = try TLSTestServer(certificate: expiring.certificate, key: expiring.key)
        let oldServer = try TLSTestServer(certificate: fresh.certificate, key: fresh.key, options: ["-tls1_2"])
        defer { [freshServer, expiringServer, oldServer].forEach { $0.stop() } }
        let all = "{ minVersion: \"1.2\", validForAtLeast: 14d, coversHost: true, issuer: \"Preflight Test CA\" }"

        let green = try smoke(try checkPlan(target: freshServer.url, ca: pki.caFile, tls: all))
        XCTAssertEqual(green.status, 0, "a 90-day certificate from the expected CA, TLS 1.2+: \(green.stdout)")

        let soon = try smoke(try checkPlan(target: expiringServer.url, ca: pki.caFile, tls: "{ validForAtLeast: 14d }"))
        XCTAssertEqual(soon.status, 1)
        XCTAssertTrue(soon.stdout.contains("certificate expires") && soon.stdout.contains("days left"), soon.stdout)

        let old = try smoke(try checkPlan(target: oldServer.url, ca: pki.caFile, tls: "{ minVersion: \"1.3\" }"))
        XCTAssertEqual(old.status, 1)
        XCTAssertTrue(old.stdout.contains("negotiated TLSv1.2"), old.stdout)

        let issuer = try smoke(try checkPlan(target: freshServer.url, ca: pki.caFile, tls: "{ issuer: \"Let's Encrypt\" }"))
        XCTAssertEqual(issuer.status, 1)
        XCTAssertTrue(issuer.stdout.contains("issuer CN = Preflight Test CA") || issuer.stdout.contains("issuer CN=Preflight Test CA"), issuer.stdout)

        let plainHTTP = try FaultServer { FaultServer.send($0, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") }
        defer { plainHTTP.stop() }
        let notTLS = try smoke(try checkPlan(target: plainHTTP.url, ca: pki.caFile, tls: "{ minVersion: \"1.2\" }"))
        XCTAssertEqual(notTLS.status, 1)
        XCTAssertTrue(notTLS.stdout.contains("no TLS handshake"), notTLS.stdout)
    }

    func testTheReportSaysWhenConnectionsWereNotTheOrdinaryOnes() throws {
        let pki = try TestPKI()
        let leaf = try pki.leaf("cutover", for: ["api.example.test"])
        let server = try TLSTestServer(certificate: leaf.certificate, key: leaf.key)
        defer { server.stop() }
        let reports = directory.appendingPathComponent("recorded")
        let plan = try plan(target: "https://api.example.test:\(server.port)")
        let result = try CommandRunner.preflight([
            "smoke", plan, "--insecure", "--resolve", "api.example.test:\(server.port):127.0.0.1", "--out", reports.path,
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("connections: ") } ?? ""
        XCTAssertTrue(line.contains("TLS NOT VERIFIED (--insecure)") && line.contains("resolve api.example.test:\(server.port):127.0.0.1"), result.stdout)
        let run = try XCTUnwrap(try ReportFiles.object(at: try ReportFiles.onlyJSON(in: reports))["run"] as? [String: Any])
        let connection = try XCTUnwrap(run["connection"] as? [String: Any])
        XCTAssertEqual(connection["tlsVerified"] as? Bool, false)
        XCTAssertEqual(connection["resolve"] as? [String], ["api.example.test:\(server.port):127.0.0.1"])
        let html = try String(contentsOf: try XCTUnwrap(ReportFiles.files(in: reports, ending: ".html").first), encoding: .utf8)
        XCTAssertTrue(html.contains("TLS NOT VERIFIED"), "the HTML report says it too")
        try ReportFiles.validateAgainstSchema(reports)
    }
}
