import Foundation
import PreflightDemoTarget
import XCTest

/// libcurl (with OpenSSL and the libraries it brings, about 9 MiB resident) is loaded only when
/// a request needs it: a run whose requests all take the event loops' plain HTTP/1.1 path never
/// maps it. glibc's `LD_DEBUG=files` names every library a process loads, dlopen included.
final class CurlLoadingTests: XCTestCase {
    func testLibcurlIsLoadedOnlyWhenARequestNeedsIt() async throws {
        let target = try await DemoTarget.start()
        let directory = try makeScratchDirectory("curl")
        let plan = directory.appendingPathComponent("plan.yaml")
        try """
            name: curl loading
            targets: { api: "${API_URL}" }
            flows:
              browse:
                steps:
                  - { name: products, path: /api/products, expect: { status: 200 } }
            """.write(to: plan, atomically: true, encoding: .utf8)
        // A proxy in the environment would send every request to curl.
        let environment = ["LD_DEBUG": "files", "http_proxy": "", "all_proxy": "", "ALL_PROXY": ""]
        func smoke(_ url: String) throws -> CommandResult {
            try CommandRunner.preflight(
                ["smoke", plan.path, "--env", "API_URL=\(url)", "--out", directory.appendingPathComponent("reports").path],
                environment: environment)
        }
        let port = try XCTUnwrap(URL(string: target.baseURL)?.port)
        let literal = try smoke("http://127.0.0.1:\(port)")
        let named = try smoke("http://localhost:\(port)")
        await target.stop()

        XCTAssertEqual(literal.status, 0, literal.stdout + literal.stderr)
        XCTAssertTrue(literal.stderr.contains("file="), "LD_DEBUG reports the libraries it loads")
        XCTAssertFalse(literal.stderr.contains("libcurl.so"), "plain http to an address needs no curl")
        XCTAssertEqual(named.status, 0, named.stdout + named.stderr)
        XCTAssertTrue(named.stderr.contains("libcurl.so"), "a host name goes to curl, which is loaded for it")
    }
}
