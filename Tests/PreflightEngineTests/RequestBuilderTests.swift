@testable import PreflightEngine
import PreflightMetrics
import PreflightPlan
import XCTest

final class RequestBuilderTests: XCTestCase {
    private let here = SourceLocation(line: 1, column: 1)

    private func plan(_ steps: [Step], defaults: Defaults = Defaults(headers: [Header(name: "Accept", value: Template(literal: "application/json"))])) -> Plan {
        Plan(
            name: "p",
            targets: ["api": Target(name: "api", baseURL: "http://127.0.0.1:8080/"), "auth": Target(name: "auth", baseURL: "http://127.0.0.1:9090/v1")],
            defaults: { var d = defaults; d.target = "api"; return d }(),
            flows: [Flow(name: "f", steps: steps, location: here)]
        )
    }

    func testHeaderNamesCompareWithoutRegardToASCIICase() {
        XCTAssertTrue("Set-Cookie".isSameHeaderName("set-COOKIE"))
        XCTAssertTrue("".isSameHeaderName(""))
        XCTAssertFalse("Set-Cookie".isSameHeaderName("Set-Cookie2"))
        XCTAssertFalse("Set-Cookie2".isSameHeaderName("Set-Cookie"))
        XCTAssertFalse("Content-Type".isSameHeaderName("Content-Typf"))
        // Only ASCII letters fold: '[' and '{' are 0x20 apart too, but are not the same name.
        XCTAssertFalse("X[".isSameHeaderName("x{"))
        XCTAssertFalse("É".isSameHeaderName("é"))
    }

    func testJoinsTargetAndPathAndEncodesQuery() throws {
        let step = Step(name: "s", target: "auth", path: try TemplateParser.parse("/login"), query: [QueryItem(name: "q", value: try TemplateParser.parse("a b&{{x}}"))], location: here)
        let request = try RequestBuilder(plan: plan([step])).request(for: step, renderer: TemplateRenderer(variables: ["x": "é"], iteration: 0))
        XCTAssertEqual(request.url, "http://127.0.0.1:9090/v1/login?q=a%20b%26%C3%A9")
    }

    func testDefaultTargetAbsoluteURLAndTrailingSlashes() throws {
        let relative = Step(name: "s", path: try TemplateParser.parse("/health"), location: here)
        let absolute = Step(name: "t", path: try TemplateParser.parse("http://127.0.0.1:7/x"), location: here)
        let builder = RequestBuilder(plan: plan([relative, absolute]))
        let renderer = TemplateRenderer(variables: [:], iteration: 0)
        XCTAssertEqual(try builder.request(for: relative, renderer: renderer).url, "http://127.0.0.1:8080/health")
        XCTAssertEqual(try builder.request(for: absolute, renderer: renderer).url, "http://127.0.0.1:7/x")
    }

    /// Fixed URLs are built once per plan: the same path on two targets stays two URLs, a fixed
    /// path with a foreign scheme is still refused, and a templated path still renders each time.
    func testFixedURLsKeepTheirTargetAndTheirChecks() throws {
        let onAPI = Step(name: "a", path: try TemplateParser.parse("/health"), location: here)
        let onAuth = Step(name: "b", target: "auth", path: try TemplateParser.parse("/health"), location: here)
        let foreign = Step(name: "c", path: try TemplateParser.parse("file:///etc/passwd"), location: here)
        let templated = Step(name: "d", path: try TemplateParser.parse("/orders/{{id}}"), location: here)
        let builder = RequestBuilder(plan: plan([onAPI, onAuth, foreign, templated]))
        let renderer = TemplateRenderer(variables: ["id": "7"], iteration: 0)
        for _ in 0..<2 {
            XCTAssertEqual(try builder.request(for: onAPI, renderer: renderer).url, "http://127.0.0.1:8080/health")
            XCTAssertEqual(try builder.request(for: onAuth, renderer: renderer).url, "http://127.0.0.1:9090/v1/health")
            XCTAssertThrowsError(try builder.request(for: foreign, renderer: renderer))
        }
        XCTAssertEqual(try builder.request(for: templated, renderer: renderer).url, "http://127.0.0.1:8080/orders/7")
        XCTAssertEqual(try builder.request(for: templated, renderer: TemplateRenderer(variables: ["id": "8"], iteration: 0)).url, "http://127.0.0.1:8080/orders/8")
    }

    func testStepHeadersOverrideDefaultsAndJSONBodiesAreTemplatedWithContentType() throws {
        let body = JSONTemplate.object([
            (key: "username", value: .string(try TemplateParser.parse("{{user}}"))),
            (key: "quantity", value: .number(2)),
            (key: "gift", value: .bool(false)),
        ])
        let step = Step(
            name: "s", method: "POST", path: Template(literal: "/orders"),
            headers: [Header(name: "accept", value: Template(literal: "text/plain")), Header(name: "Authorization", value: try TemplateParser.parse("Bearer {{token}}"))],
            body: .json(body), timeout: .seconds(2), location: here
        )
        let request = try RequestBuilder(plan: plan([step])).request(for: step, renderer: TemplateRenderer(variables: ["user": "ann", "token": "t0k"], iteration: 3))
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.headers.map(\.name), ["User-Agent", "accept", "Authorization", "Content-Type"])
        XCTAssertEqual(request.headers.map(\.value), ["preflight/0.1.0", "text/plain", "Bearer t0k", "application/json"])
        XCTAssertEqual(request.totalTimeout, .seconds(2))
        let decoded = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(request.body ?? [])) as? [String: Any])
        XCTAssertEqual(decoded["username"] as? String, "ann")
        XCTAssertEqual(decoded["quantity"] as? Int, 2)
        XCTAssertEqual(decoded["gift"] as? Bool, false)
    }

    func testFormBodies() throws {
        let step = Step(name: "s", method: "POST", path: Template(literal: "/f"), body: .form([QueryItem(name: "a", value: Template(literal: "1 2")), QueryItem(name: "b", value: Template(literal: "x=y"))]), location: here)
        let request = try RequestBuilder(plan: plan([step])).request(for: step, renderer: TemplateRenderer(variables: [:], iteration: 0))
        XCTAssertEqual(request.body.map { String(decoding: $0, as: UTF8.self) }, "a=1%202&b=x%3Dy")
        XCTAssertEqual(request.headers.last?.value, "application/x-www-form-urlencoded")
    }

    func testALineBreakInARenderedHeaderIsRefusedNotSent() throws {
        let step = Step(name: "s", path: Template(literal: "/h"), headers: [Header(name: "X-Order", value: try TemplateParser.parse("{{id}}"))], location: here)
        let builder = RequestBuilder(plan: plan([step]))
        for injected in ["1\r\nX-Admin: true", "1\nX-Admin: true", "1\rX", "a\u{0}b"] {
            XCTAssertThrowsError(try builder.request(for: step, renderer: TemplateRenderer(variables: ["id": injected], iteration: 0)), injected.debugDescription) { error in
                let message = (error as? RequestRenderingError)?.message ?? ""
                XCTAssertTrue(message.contains("header 'X-Order'"), message)
                XCTAssertFalse(message.contains("X-Admin"), "the value itself is never quoted: \(message)")
            }
        }
        XCTAssertNoThrow(try builder.request(for: step, renderer: TemplateRenderer(variables: ["id": "1 2\t3"], iteration: 0)))
    }

    func testARenderedURLThatIsNotHTTPIsRefused() throws {
        let step = Step(name: "s", path: try TemplateParser.parse("{{next}}"), location: here)
        let builder = RequestBuilder(plan: plan([step]))
        for bad in ["file:///etc/passwd", "gopher://127.0.0.1:70/x", "javascript:alert(1)", "/orders\r\nHost: evil", "/a\u{7}b"] {
            XCTAssertThrowsError(try builder.request(for: step, renderer: TemplateRenderer(variables: ["next": bad], iteration: 0)), bad.debugDescription)
        }
        XCTAssertEqual(try builder.request(for: step, renderer: TemplateRenderer(variables: ["next": "/v1/items:batch"], iteration: 0)).url, "http://127.0.0.1:8080/v1/items:batch")
        XCTAssertEqual(try builder.request(for: step, renderer: TemplateRenderer(variables: ["next": "https://127.0.0.1:9/x"], iteration: 0)).url, "https://127.0.0.1:9/x")
    }

    func testJSONBodiesKeepKeyOrderAndExactNumbers() throws {
        let body = JSONTemplate.object([
            (key: "zeta", value: .number(JSONNumber(yamlCore: "12345678901234567")!)),
            (key: "alpha", value: .number(JSONNumber(yamlCore: "9223372036854775807")!)),
            (key: "mid", value: .array([.number(0.5), .null, .bool(true)])),
            (key: "path/\"q\"", value: .string(try TemplateParser.parse("{{v}}"))),
        ])
        let step = Step(name: "s", method: "POST", path: Template(literal: "/j"), body: .json(body), location: here)
        let request = try RequestBuilder(plan: plan([step])).request(for: step, renderer: TemplateRenderer(variables: ["v": "a/b\nä\u{1}"], iteration: 0))
        XCTAssertEqual(
            request.body.map { String(decoding: $0, as: UTF8.self) },
            #"{"zeta":12345678901234567,"alpha":9223372036854775807,"mid":[0.5,null,true],"path/\"q\"":"a/b\nä\u0001"}"#
        )
    }

    func testADefaultUserAgentThatAPlanCanReplace() throws {
        let plain = Step(name: "s", path: Template(literal: "/"), location: here)
        let own = Step(name: "t", path: Template(literal: "/"), headers: [Header(name: "user-agent", value: Template(literal: "checkout-bot/2"))], location: here)
        let builder = RequestBuilder(plan: plan([plain, own]))
        let renderer = TemplateRenderer(variables: [:], iteration: 0)
        XCTAssertEqual(try builder.request(for: plain, renderer: renderer).headers.first { $0.name == "User-Agent" }?.value, "preflight/\(PreflightVersion.current)")
        XCTAssertEqual(try builder.request(for: own, renderer: renderer).headers.filter { $0.name.lowercased() == "user-agent" }.map(\.value), ["checkout-bot/2"])
    }
}
