import Foundation
import Glibc
import XCTest

/// Every network fault a deployment can show, provoked by raw-socket peers on loopback and met by
/// the real binary in one smoke run: each lands in its own category with a reason, nothing
/// crashes or hangs, and the report still validates against the schema.
final class FaultMatrixTests: XCTestCase {
    private struct Fault {
        var name: String
        var url: String
        var expected: String
        /// A fragment the failure's message must contain, when the category alone is not enough.
        var message: String?
    }

    func testEachFaultGetsItsCategoryAndTheReportValidates() throws {
        let ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
        let servers: [(String, FaultServer)] = try [
            ("reset_before_headers", FaultServer { FaultServer.reset($0) }),
            ("reset_after_headers", FaultServer {
                FaultServer.send($0, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
                FaultServer.stall(0.05)
                FaultServer.reset($0)
            }),
            ("reset_mid_body", FaultServer {
                FaultServer.send($0, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
                FaultServer.stall(0.05)
                FaultServer.reset($0)
            }),
            ("silence", FaultServer { _ in FaultServer.stall(3) }),
            ("slow_drip", FaultServer { connection in
                FaultServer.send(connection, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
                for _ in 0..<30 {
                    FaultServer.send(connection, "x")
                    FaultServer.stall(0.1)
                }
            }),
            ("garbage_status_line", FaultServer { FaultServer.send($0, "HELLO THERE\r\n\r\n") }),
            ("status_999", FaultServer { FaultServer.send($0, "HTTP/1.1 999 Whatever\r\nContent-Length: 0\r\n\r\n") }),
            ("oversize_header", FaultServer {
                FaultServer.send($0, "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: 200_000) + "\r\nContent-Length: 0\r\n\r\n")
            }),
            ("short_body", FaultServer { FaultServer.send($0, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort") }),
            ("long_body", FaultServer { FaultServer.send($0, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}and more bytes than announced") }),
            ("redirect_loop", FaultServer { connection in
                // Keep-alive, so each redirect is followed on the same connection.
                repeat {
                    FaultServer.send(connection, "HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n")
                } while FaultServer.readHead(connection)
            }),
            ("healthy", FaultServer { FaultServer.send($0, ok) }),
        ]
        let pki = try TestPKI()
        let selfSigned = try pki.selfSigned(for: ["IP:127.0.0.1"])
        let tls = try TLSTestServer(certificate: selfSigned.certificate, key: selfSigned.key)
        defer {
            for (_, server) in servers { server.stop() }
            tls.stop()
        }
        let url = Dictionary(uniqueKeysWithValues: servers.map { ($0.0, $0.1.url) })
        // A label over 63 bytes cannot be put in a DNS query, so the lookup fails locally: no packet leaves the machine.
        let unresolvable = "http://" + String(repeating: "x", count: 70) + ".invalid"
        let faults: [Fault] = [
            Fault(name: "refused", url: "http://127.0.0.1:\(try Self.closedPort())", expected: "connection_refused"),
            Fault(name: "reset_before_headers", url: url["reset_before_headers"] ?? "", expected: "connection_reset"),
            Fault(name: "reset_after_headers", url: url["reset_after_headers"] ?? "", expected: "connection_reset"),
            Fault(name: "reset_mid_body", url: url["reset_mid_body"] ?? "", expected: "connection_reset"),
            Fault(name: "silence", url: url["silence"] ?? "", expected: "timeout"),
            Fault(name: "slow_drip", url: url["slow_drip"] ?? "", expected: "timeout"),
            Fault(name: "garbage_status_line", url: url["garbage_status_line"] ?? "", expected: "transport_error"),
            Fault(name: "status_999", url: url["status_999"] ?? "", expected: "transport_error", message: "status 999"),
            Fault(name: "oversize_header", url: url["oversize_header"] ?? "", expected: "transport_error", message: "too large"),
            Fault(name: "short_body", url: url["short_body"] ?? "", expected: "connection_reset"),
            Fault(name: "long_body", url: url["long_body"] ?? "", expected: "ok"),
            Fault(name: "redirect_loop", url: url["redirect_loop"] ?? "", expected: "transport_error", message: "redirect"),
            Fault(name: "self_signed_tls", url: tls.url, expected: "tls_error"),
            Fault(name: "dns_failure", url: unresolvable, expected: "dns_failure"),
            Fault(name: "healthy", url: url["healthy"] ?? "", expected: "ok"),
        ]
        let directory = try makeScratchDirectory("faults")
        let plan = directory.appendingPathComponent("faults.yaml")
        var text = "name: faults\ntargets:\n"
        for fault in faults { text += "  \(fault.name): \"\(fault.url)\"\n" }
        text += """
            defaults:
              target: healthy
              timeouts: { connect: 2s, total: 1s }
              redirects: { follow: true, max: 5 }
            flows:

            """
        for fault in faults {
            text += "  \(fault.name):\n    steps:\n      - { name: get, target: \(fault.name), path: /, expect: { status: 200 } }\n"
        }
        try text.write(to: plan, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("reports")

        let started = Date()
        let result = try CommandRunner.preflight(["smoke", plan.path, "--out", out.path], timeout: 90)
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "no fault hangs the run")
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr)

        let report = try ReportFiles.object(at: try ReportFiles.onlyJSON(in: out))
        let flows = try XCTUnwrap(report["flows"] as? [[String: Any]])
        for fault in faults {
            let step = try XCTUnwrap((flows.first { $0["name"] as? String == fault.name }?["steps"] as? [[String: Any]])?.first, fault.name)
            let results = step["results"] as? [String: Int] ?? [:]
            XCTAssertEqual(results, [fault.expected: 1], "\(fault.name): \(step["failureSamples"] ?? "")")
            if let fragment = fault.message {
                let samples = step["failureSamples"] as? [[String: Any]] ?? []
                let message = samples.compactMap { $0["transportMessage"] as? String }.joined()
                XCTAssertTrue(message.contains(fragment), "\(fault.name): '\(message)' should say '\(fragment)'")
            }
        }
        try ReportFiles.validateAgainstSchema(out)
    }

    private static func closedPort() throws -> UInt16 {
        let probe = try FaultServer { _ in }
        probe.stop()
        return probe.port
    }
}
