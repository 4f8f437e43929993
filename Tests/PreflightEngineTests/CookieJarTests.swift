@testable import PreflightEngine
import XCTest

/// One visitor's cookies: which requests get them back, and what removes them.
final class CookieJarTests: XCTestCase {
    func testCookiesGoBackToTheirHostAndPathOnly() {
        var jar = CookieJar()
        jar.store(["session=abc; Path=/; HttpOnly", "cart=7; Path=/shop"], from: "http://app.example.test/login")
        XCTAssertEqual(jar.header(for: "http://app.example.test/shop/basket"), "cart=7; session=abc", "longer paths first")
        XCTAssertEqual(jar.header(for: "http://app.example.test/account"), "session=abc")
        XCTAssertNil(jar.header(for: "http://other.example.test/account"), "a host-only cookie stays with its host")
        XCTAssertEqual(jar.header(for: "http://app.example.test/shopping"), "session=abc", "/shop does not cover /shopping")
    }

    func testADomainCookieCoversSubdomainsButNoForeignDomain() {
        var jar = CookieJar()
        jar.store(["sso=1; Domain=example.test; Path=/", "evil=1; Domain=attacker.test"], from: "https://auth.example.test/")
        XCTAssertEqual(jar.header(for: "https://api.example.test/"), "sso=1")
        XCTAssertNil(jar.header(for: "https://attacker.test/"), "a server cannot set cookies for another domain")
    }

    func testSecureCookiesStayOnHTTPSAndDeletionsRemove() {
        var jar = CookieJar()
        jar.store(["token=t; Secure; Path=/"], from: "https://api.example.test/login")
        XCTAssertNil(jar.header(for: "http://api.example.test/"))
        XCTAssertEqual(jar.header(for: "https://api.example.test/"), "token=t")
        jar.store(["token=; Max-Age=0; Path=/"], from: "https://api.example.test/logout")
        XCTAssertNil(jar.header(for: "https://api.example.test/"))
        jar.store(["a=1; Path=/"], from: "https://api.example.test/")
        jar.store(["a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"], from: "https://api.example.test/")
        XCTAssertTrue(jar.isEmpty)
    }

    func testALaterCookieOfTheSameNameReplacesTheEarlier() {
        var jar = CookieJar()
        jar.store(["session=old; Path=/"], from: "http://127.0.0.1:8080/login")
        jar.store(["session=new; Path=/"], from: "http://127.0.0.1:8080/refresh")
        XCTAssertEqual(jar.header(for: "http://127.0.0.1:8080/api/orders"), "session=new")
    }

    func testTheJarSurvivesTheRoundTripThroughCurlsCookieForm() {
        var jar = CookieJar()
        jar.store(["session=abc; Path=/", "theme=dark; Domain=example.test; Path=/app; Secure"], from: "https://api.example.test/login")
        var copy = CookieJar()
        copy.replace(withCurlLines: jar.curlLines)
        XCTAssertEqual(copy.header(for: "https://api.example.test/app/x"), jar.header(for: "https://api.example.test/app/x"))
        XCTAssertNil(copy.header(for: "https://other.example.test/"), "the host-only cookie stays on its host; the app path is not /")
        // curl marks HttpOnly cookies and writes domain cookies with a leading dot.
        copy.replace(withCurlLines: ["#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tx=1", ".example.test\tTRUE\t/\tFALSE\t0\tlang\ten"])
        XCTAssertEqual(copy.header(for: "http://127.0.0.1/home"), "session=x=1")
        XCTAssertEqual(copy.header(for: "http://www.example.test/"), "lang=en")
        copy.replace(withCurlLines: [])
        XCTAssertTrue(copy.isEmpty, "a cookie curl deleted (Max-Age=0 on a hop) is gone")
    }
}
