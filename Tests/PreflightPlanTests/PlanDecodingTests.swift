import Foundation
import PreflightMetrics
import PreflightPlan
import XCTest

/// Plans that load: the decoded model must be exactly what the author wrote.
final class PlanDecodingTests: XCTestCase {
    static let pointOfSalePlan = #"""
        name: Point of sale smoke
        targets:
          api: "${API_URL:-http://127.0.0.1:8080}"
          auth: "${AUTH_URL:-${API_URL:-http://127.0.0.1:8080}}"
        defaults:
          target: api
          headers: { Accept: application/json }
          timeouts: { connect: 2s, total: 10s }
          redirects: { follow: false, max: 5 }
          tls: { verify: true }
        variables:
          username: "${POS_USER:-cashier}"
          password: "${POS_PASSWORD:-demo-password}"
        secrets: [password, token]
        flows:
          checkout:
            weight: 3
            steps:
              - name: login
                target: auth
                method: POST
                path: /api/auth/login
                json: { username: "{{username}}", password: "{{password}}" }
                expect:
                  status: 200
                capture:
                  token: { json: $.token }
                  session: { cookie: session }
              - name: create order
                method: POST
                path: /api/orders
                headers: { Authorization: "Bearer {{token}}" }
                query: { source: smoke }
                json: { items: [ { productId: p-1, quantity: 2 } ], ref: "{{$uuid}}" }
                timeout: 5s
                expect:
                  status: 201
                  maxDuration: 500ms
                  headers:
                    Location: { matches: "^/api/orders/" }
                  json:
                    $.id: { exists: true }
                    $.status: created
                  body: { contains: "ord-", matches: "\"total\":" }
                capture:
                  orderId: { json: $.id }
                  location: { header: Location }
                  orderNo: { regex: "ord-(\\d+)", group: 1 }
        profiles:
          smoke: { iterations: 1 }
          load:  { executor: constant-arrival-rate, rate: 200/s, duration: 30s, maxInFlight: 500 }
          ramp:  { executor: ramping-arrival-rate, stages: [ { target: 200/s, duration: 30s }, { target: 200/s, duration: 5m }, { target: 0/s, duration: 30s } ] }
          soak:  { executor: constant-vus, vus: 20, duration: 10m, thinkTime: 1s }
        thresholds:
          - "http_req_duration p95 < 500ms"
          - { expression: "errors rate < 1%", abortOnFail: true }
        """#

    func testCompletePlanDecodesIntoTheModel() throws {
        let plan = try PlanTestSupport.load(Self.pointOfSalePlan, environment: ["API_URL": "https://pos.example.com"])
        let here = SourceLocation(line: 0, column: 0)
        func literal(_ text: String) -> Template { Template(literal: text) }
        let expected = Plan(
            name: "Point of sale smoke",
            targets: [
                "api": Target(name: "api", baseURL: "https://pos.example.com"),
                "auth": Target(name: "auth", baseURL: "https://pos.example.com"),
            ],
            defaults: Defaults(
                target: "api", headers: [Header(name: "Accept", value: literal("application/json"))],
                connectTimeout: .seconds(2), totalTimeout: .seconds(10), followRedirects: false, maxRedirects: 5,
                verifyTLS: true),
            variables: [Variable(name: "username", value: "cashier"), Variable(name: "password", value: "demo-password")],
            secrets: ["password", "token"],
            flows: [
                Flow(name: "checkout", weight: 3, steps: [
                    Step(
                        name: "login", target: "auth", method: "POST", path: literal("/api/auth/login"),
                        body: .json(.object([
                            ("username", .string(Template(parts: [.variable("username")]))),
                            ("password", .string(Template(parts: [.variable("password")]))),
                        ])),
                        expectations: [Expectation(.status(.exact(200)), location: here)],
                        captures: [
                            Capture(variable: "token", source: .json(JSONPath(components: [.key("token")])), location: here),
                            Capture(variable: "session", source: .cookie("session"), location: here),
                        ],
                        location: here),
                    Step(
                        name: "create order", method: "POST", path: literal("/api/orders"),
                        headers: [Header(name: "Authorization", value: Template(parts: [.literal("Bearer "), .variable("token")]))],
                        query: [QueryItem(name: "source", value: literal("smoke"))],
                        body: .json(.object([
                            ("items", .array([.object([("productId", .string(literal("p-1"))), ("quantity", .number(2))])])),
                            ("ref", .string(Template(parts: [.generator(.uuid)]))),
                        ])),
                        timeout: .seconds(5),
                        expectations: [
                            Expectation(.status(.exact(201)), location: here),
                            Expectation(.maxDuration(.milliseconds(500)), location: here),
                            Expectation(.header(name: "Location", .matches(pattern: try Pattern("^/api/orders/"))), location: here),
                            Expectation(.json(path: JSONPath(components: [.key("id")]), .exists), location: here),
                            Expectation(.json(path: JSONPath(components: [.key("status")]), .equals(.string("created"))), location: here),
                            Expectation(.bodyContains("ord-"), location: here),
                            Expectation(.bodyMatches(pattern: try Pattern("\"total\":")), location: here),
                        ],
                        captures: [
                            Capture(variable: "orderId", source: .json(JSONPath(components: [.key("id")])), location: here),
                            Capture(variable: "location", source: .header("Location"), location: here),
                            Capture(variable: "orderNo", source: .regex(pattern: try Pattern(#"ord-(\d+)"#), group: 1), location: here),
                        ],
                        location: here),
                ], location: here),
            ],
            profiles: [
                "smoke": Profile(name: "smoke", executor: .smoke(iterations: 1), location: here),
                "load": Profile(name: "load", executor: .constantArrivalRate(rate: 200, duration: .seconds(30), maxInFlight: 500), location: here),
                "ramp": Profile(name: "ramp", executor: .rampingArrivalRate(stages: [
                    RateStage(target: 200, duration: .seconds(30)),
                    RateStage(target: 200, duration: .seconds(300)),
                    RateStage(target: 0, duration: .seconds(30)),
                ], maxInFlight: nil), location: here),
                "soak": Profile(name: "soak", executor: .constantVUs(vus: 20, duration: .seconds(600), thinkTime: .seconds(1)), location: here),
            ],
            thresholds: [
                ThresholdSpec(threshold: try ThresholdParser.parse("http_req_duration p95 < 500ms").get(), location: here),
                ThresholdSpec(threshold: try ThresholdParser.parse("errors rate < 1%").get(), abortOnFail: true, location: here),
            ])
        XCTAssertEqual(plan.withoutLocations(), expected)
    }

    func testLocationsPointAtWhatTheAuthorWrote() throws {
        let plan = try PlanTestSupport.load(Self.pointOfSalePlan)
        let flow = try XCTUnwrap(plan.flows.first)
        XCTAssertEqual(flow.location, SourceLocation(line: 16, column: 3), "the flow's name")
        XCTAssertEqual(flow.steps[0].location, SourceLocation(line: 19, column: 9), "the step's first key")
        XCTAssertEqual(flow.steps[1].location, SourceLocation(line: 29, column: 9))
        XCTAssertEqual(flow.steps[0].expectations[0].location, SourceLocation(line: 25, column: 11), "the 'status' key")
        XCTAssertEqual(flow.steps[1].expectations[2].location, SourceLocation(line: 40, column: 13), "the header name")
        XCTAssertEqual(flow.steps[1].expectations[3].location, SourceLocation(line: 42, column: 13), "the JSON path")
        XCTAssertEqual(flow.steps[1].captures[2].location, SourceLocation(line: 48, column: 11))
        XCTAssertEqual(plan.profiles["load"]?.location, SourceLocation(line: 51, column: 3))
        XCTAssertEqual(plan.thresholds.map(\.location), [SourceLocation(line: 55, column: 5), SourceLocation(line: 56, column: 5)])
    }

    func testDefaultsAndImplicitSmokeProfile() throws {
        let plan = try PlanTestSupport.load(PlanTestSupport.minimalPlan)
        XCTAssertEqual(plan.defaults, Defaults())
        XCTAssertNil(plan.defaults.target, "one target needs no default")
        XCTAssertEqual(plan.profiles["smoke"]?.executor, .smoke(iterations: 1))
        XCTAssertEqual(plan.profiles.count, 1)
        let step = try XCTUnwrap(plan.flows.first?.steps.first)
        XCTAssertEqual(step.method, "GET")
        XCTAssertEqual(plan.flows.first?.weight, 1)
        XCTAssertNil(step.body)
        XCTAssertEqual(step.expectations, [])
    }

    func testJSONInputIsAccepted() throws {
        let json = #"""
            {
              "name": "json plan",
              "targets": {"api": "http://localhost:9000"},
              "flows": {"main": {"steps": [
                {"name": "create", "method": "POST", "path": "/things", "json": {"n": 1.5, "ok": true, "none": null},
                 "expect": {"status": [200, 201], "json": {"$.id": {"type": "string"}}}}
              ]}}
            }
            """#
        let plan = try PlanTestSupport.load(json)
        let step = try XCTUnwrap(plan.flows.first?.steps.first)
        XCTAssertEqual(step.body, .json(.object([("n", .number(1.5)), ("ok", .bool(true)), ("none", .null)])))
        XCTAssertEqual(step.expectations.map(\.kind), [
            .status(.oneOf([200, 201])), .json(path: JSONPath(components: [.key("id")]), .type(.string)),
        ])
        XCTAssertEqual(step.location, SourceLocation(line: 5, column: 5), "the step's opening brace")
    }

    func testValueForms() throws {
        let plan = try PlanTestSupport.load(#"""
            name: forms
            targets: { api: "https://api.example.com/v1" }
            flows:
              main:
                steps:
                  - name: absolute
                    method: PUT
                    url: "https://other.example.com/items/{{$randomInt(1,100)}}"
                    form: { a: "1", tags: [x, y] }
                    expect:
                      status: 2xx
                      headers:
                        X-Request-Id: { exists: true }
                        X-Debug: { absent: true }
                        Server: demo
                      json:
                        order.id: { equals: 7 }
                        $.items[0]: { matches: "^a", type: string }
                        "$['odd key']": null
                    capture:
                      whole: { regex: "[a-z]+" }
                  - name: raw
                    method: POST
                    path: /echo?mode=raw
                    body: "plain {{whole}}"
            """#)
        let steps = try XCTUnwrap(plan.flows.first?.steps)
        XCTAssertEqual(steps[0].path, Template(parts: [.literal("https://other.example.com/items/"), .generator(.randomInt(1...100))]))
        XCTAssertEqual(steps[0].body, .form([
            QueryItem(name: "a", value: Template(literal: "1")), QueryItem(name: "tags", value: Template(literal: "x")),
            QueryItem(name: "tags", value: Template(literal: "y")),
        ]))
        XCTAssertEqual(steps[0].expectations.map(\.kind), [
            .status(.statusClass(2)),
            .header(name: "X-Request-Id", .exists), .header(name: "X-Debug", .absent), .header(name: "Server", .equals("demo")),
            .json(path: JSONPath(components: [.key("order"), .key("id")]), .equals(.number(7))),
            .json(path: JSONPath(components: [.key("items"), .index(0)]), .matches(pattern: try Pattern("^a"))),
            .json(path: JSONPath(components: [.key("items"), .index(0)]), .type(.string)),
            .json(path: JSONPath(components: [.key("odd key")]), .equals(.null)),
        ])
        XCTAssertEqual(steps[0].captures.first?.source, .regex(pattern: try Pattern("[a-z]+"), group: 0), "no groups: the whole match")
        XCTAssertEqual(steps[1].body, .raw(Template(parts: [.literal("plain "), .variable("whole")])))
    }

    func testDemoPlanLoadsWithoutDiagnostics() throws {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("plans/demo-smoke.yaml").path
        let plan = try PlanLoader(environment: [:]).load(contentsOf: path)
        XCTAssertEqual(plan.flows.map(\.name), ["health", "browse", "checkout"])
        XCTAssertEqual(plan.flows.last?.steps.map(\.name), ["login", "create order", "pay", "receipt", "sync", "logout"])
        XCTAssertEqual(plan.targets["api"]?.baseURL, "http://127.0.0.1:8080")
        XCTAssertTrue(plan.secrets.contains("password"))
        let injected = try PlanLoader(environment: ["API_URL": "http://127.0.0.1:50123"]).load(contentsOf: path)
        XCTAssertEqual(injected.targets["api"]?.baseURL, "http://127.0.0.1:50123")
    }

    func testUnreadableFileIsOneDiagnostic() {
        XCTAssertThrowsError(try PlanLoader(environment: [:]).load(contentsOf: "/nonexistent/plan.yaml")) { error in
            let diagnostics = (error as? PlanValidationError)?.diagnostics ?? []
            XCTAssertEqual(diagnostics.count, 1)
            XCTAssertEqual(diagnostics.first?.file, "/nonexistent/plan.yaml")
            XCTAssertEqual(diagnostics.first?.message, "no such file")
        }
    }
}

extension Plan {
    /// The plan with every location zeroed, to compare decoded content without counting lines.
    func withoutLocations() -> Plan {
        let zero = SourceLocation(line: 0, column: 0)
        var plan = self
        plan.flows = flows.map { flow in
            var flow = flow
            flow.location = zero
            flow.steps = flow.steps.map { step in
                var step = step
                step.location = zero
                step.expectations = step.expectations.map { Expectation($0.kind, location: zero) }
                step.captures = step.captures.map { Capture(variable: $0.variable, source: $0.source, location: zero) }
                return step
            }
            return flow
        }
        plan.profiles = profiles.mapValues { Profile(name: $0.name, executor: $0.executor, location: zero) }
        plan.thresholds = thresholds.map { ThresholdSpec(threshold: $0.threshold, abortOnFail: $0.abortOnFail, location: zero) }
        return plan
    }
}
