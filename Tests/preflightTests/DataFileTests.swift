import Foundation
import XCTest

/// Data files bound to iterations, end to end: each order's rows reach the server as the plan
/// says, and a `unique` file that runs out says so instead of reusing a row.
final class DataFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeScratchDirectory("data")
        try """
            email,password
            ann@example.test,"pa,ss"
            bob@example.test,b0b
            "cid@example.test","say ""hi""\"
            """.write(to: directory.appendingPathComponent("users.csv"), atomically: true, encoding: .utf8)
    }

    private func run(order: String, iterations: Int, server: FaultServer) throws -> CommandResult {
        let plan = directory.appendingPathComponent("plan-\(order).yaml")
        try """
            name: data
            targets: { api: "\(server.url)" }
            data: { file: users.csv, order: \(order) }
            flows:
              login:
                steps:
                  - { name: login, path: /login, query: { user: "{{row.email}}", password: "{{row.password}}" } }
            profiles:
              smoke: { iterations: \(iterations) }
            """.write(to: plan, atomically: true, encoding: .utf8)
        return try CommandRunner.preflight(["smoke", plan.path, "--out", directory.appendingPathComponent("reports").path, "--no-html"])
    }

    private func users(_ server: FaultServer) -> [String] {
        server.requestLines.compactMap { line in
            URLComponents(string: "http://x" + (line.split(separator: " ").dropFirst().first.map(String.init) ?? ""))?
                .queryItems?.first { $0.name == "user" }?.value
        }
    }

    private func okServer() throws -> FaultServer {
        try FaultServer { FaultServer.send($0, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n") }
    }

    func testSequentialRowsGoInOrderAndWrapAround() throws {
        let server = try okServer()
        defer { server.stop() }
        XCTAssertEqual(try run(order: "sequential", iterations: 5, server: server).status, 0)
        XCTAssertEqual(users(server), ["ann@example.test", "bob@example.test", "cid@example.test", "ann@example.test", "bob@example.test"])
        let quoted = server.requestLines.first { $0.contains("cid") } ?? ""
        XCTAssertTrue(quoted.contains("password=say%20%22hi%22"), "a quoted CSV field with a doubled quote: \(quoted)")
    }

    func testRandomRowsComeFromTheFile() throws {
        let server = try okServer()
        defer { server.stop() }
        XCTAssertEqual(try run(order: "random", iterations: 12, server: server).status, 0)
        let seen = users(server)
        XCTAssertEqual(seen.count, 12)
        XCTAssertTrue(Set(seen).isSubset(of: ["ann@example.test", "bob@example.test", "cid@example.test"]), "\(seen)")
    }

    func testUniqueRowsAreUsedOnceAndRunningOutSaysSo() throws {
        let server = try okServer()
        defer { server.stop() }
        let result = try run(order: "unique", iterations: 4, server: server)
        XCTAssertEqual(users(server), ["ann@example.test", "bob@example.test", "cid@example.test"], "each row once, none reused")
        XCTAssertEqual(result.status, 1, "the fourth iteration had no row")
        XCTAssertTrue(result.stdout.contains("no unused row left in the data file users.csv"), result.stdout)
    }

    func testADataColumnDeclaredSecretIsNeverShown() throws {
        let server = try FaultServer { FaultServer.send($0, "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n") }
        defer { server.stop() }
        let plan = directory.appendingPathComponent("secret.yaml")
        try """
            name: data
            targets: { api: "\(server.url)" }
            data: { file: users.csv, order: sequential }
            secrets: [row.password]
            flows:
              login:
                steps:
                  - { name: login, path: /login, query: { user: "{{row.email}}", password: "{{row.password}}" } }
            profiles:
              smoke: { iterations: 2 }
            """.write(to: plan, atomically: true, encoding: .utf8)
        let reports = directory.appendingPathComponent("secret-reports")
        let result = try CommandRunner.preflight(["smoke", plan.path, "--out", reports.path, "--no-html"])
        XCTAssertEqual(result.status, 1, "the server refused both logins: \(result.stdout)")
        XCTAssertTrue(server.requestLines.contains { $0.contains("password=b0b") }, "the real value was sent: \(server.requestLines)")
        let json = try FileManager.default.contentsOfDirectory(atPath: reports.path).map {
            try String(contentsOf: reports.appendingPathComponent($0), encoding: .utf8)
        }.joined()
        for output in [result.stdout, result.stderr, json] {
            XCTAssertFalse(output.contains("b0b"), "a secret column's value leaked: \(output)")
            XCTAssertFalse(output.contains("pa%2Css") || output.contains("pa,ss"), output)
        }
        XCTAssertTrue(result.stdout.contains("password=***"), result.stdout)
    }

    func testColumnsAreCheckedWhenThePlanLoads() throws {
        let plan = directory.appendingPathComponent("typo.yaml")
        try """
            name: typo
            targets: { api: "http://127.0.0.1:9" }
            data: { file: users.csv }
            flows:
              login:
                steps:
                  - { name: login, path: "/login?u={{row.emial}}" }
            """.write(to: plan, atomically: true, encoding: .utf8)
        let result = try CommandRunner.preflight(["validate", plan.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("\(plan.path):7:"), result.stderr)
        XCTAssertTrue(result.stderr.contains("no column 'emial'") && result.stderr.contains("row.email"), result.stderr)
        try "email,password\nann,1,extra\n".write(to: directory.appendingPathComponent("users.csv"), atomically: true, encoding: .utf8)
        let ragged = try CommandRunner.preflight(["validate", plan.path])
        XCTAssertTrue(ragged.stderr.contains("\(plan.path):3:") && ragged.stderr.contains("row 2 has 3 fields"), ragged.stderr)
    }
}
