import Foundation
import XCTest

/// The web login pattern: `POST /login` answers 302 with `Set-Cookie`, and the page it redirects
/// to needs that cookie. With redirects followed, the jar travels from hop to hop inside the step,
/// keeps what every hop set for the next steps, and never reaches another iteration.
final class RedirectCookieTests: XCTestCase {
    func testACookieSetOnARedirectHopReachesTheNextHopAndTheNextStep() throws {
        let server = try FaultServer.routing { head in
            let cookie = head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("cookie:") } ?? ""
            let signedIn = cookie.contains("session=abc")
            if head.hasPrefix("POST /login") {
                return "HTTP/1.1 302 Found\r\nLocation: /home\r\nSet-Cookie: session=abc; Path=/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            }
            return signedIn
                ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                : "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        }
        defer { server.stop() }
        let directory = try makeScratchDirectory("redirect-cookie")
        let plan = directory.appendingPathComponent("login.yaml")
        try """
            name: web login
            targets: { web: "\(server.url)" }
            defaults: { redirects: { follow: true } }
            flows:
              visit:
                steps:
                  - { name: sign in, method: POST, path: /login, expect: { status: 200 } }
                  - { name: profile, path: /profile, expect: { status: 200 } }
            profiles:
              smoke: { iterations: 2 }
            """.write(to: plan, atomically: true, encoding: .utf8)

        let result = try CommandRunner.preflight(["smoke", plan.path, "--out", directory.appendingPathComponent("reports").path, "--no-html"])
        XCTAssertEqual(result.status, 0, "the redirect hop and the next step were signed in: \(result.stdout)")
        let logins = server.requestHeads.filter { $0.hasPrefix("POST /login") }
        XCTAssertEqual(logins.count, 2)
        for login in logins {
            XCTAssertFalse(login.lowercased().contains("cookie:"), "an iteration starts without the previous one's cookies: \(login)")
        }
    }
}
