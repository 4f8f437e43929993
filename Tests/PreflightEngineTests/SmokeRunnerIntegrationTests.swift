import PreflightDemoTarget
import PreflightEngine
import PreflightMetrics
import PreflightPlan
import XCTest

/// Real requests through libcurl to the in-process demo target on loopback.
final class SmokeRunnerIntegrationTests: XCTestCase {
    private var transport: HTTPTransport!

    override func setUp() {
        transport = HTTPTransport(eventLoops: 2)
    }

    override func tearDown() {
        transport.shutdown()
        transport = nil
    }

    private func plan(_ yaml: String, baseURL: String) throws -> Plan {
        try PlanLoader(environment: ["API_URL": baseURL]).load(text: yaml, file: "test.yaml")
    }

    private static let checkout = """
        name: checkout
        targets:
          api: "${API_URL}"
        variables:
          password: demo-password
        secrets: [password, token]
        flows:
          checkout:
            steps:
              - name: login
                method: POST
                path: /api/auth/login
                json: { username: ann, password: "{{password}}" }
                expect: { status: 200 }
                capture:
                  token: { json: $.token }
              - name: create order
                method: POST
                path: /api/orders
                headers: { Authorization: "Bearer {{token}}" }
                json: { items: [ { productId: p-1, quantity: 2 } ] }
                expect:
                  status: 201
                  json: { $.status: created }
                capture:
                  orderId: { json: $.id }
              - name: sync
                method: POST
                path: /api/sync
                headers: { Authorization: "Bearer {{token}}" }
                json: { orderIds: [ "{{orderId}}" ] }
                expect: { status: 202, json: { $.synced: 1 } }
        """

    func testLoginCreateOrderSyncWithACapturedToken() async throws {
        let target = try await DemoTarget.start()
        let result = await SmokeRunner(plan: try plan(Self.checkout, baseURL: target.baseURL), transport: transport).run(iterations: 2)
        XCTAssertTrue(result.passed, "\(result.iterations)")
        XCTAssertEqual(result.iterations.count, 2)
        XCTAssertEqual(result.iterations[0].steps.map(\.status), [200, 201, 202])
        let steps = result.measurements().flows[0].steps
        XCTAssertEqual(steps.count, 3)
        XCTAssertEqual(steps[1].statistics.countsByCategory[.ok], 2)
        XCTAssertGreaterThan(steps[1].statistics.total.summary.maxMs, 0)
        XCTAssertEqual(result.measurements().flows[0].iterations, 2)
        await target.stop()
    }

    func testAWrongExpectationFailsWithItsCategoryAndSkipsTheRest() async throws {
        let target = try await DemoTarget.start()
        let broken = Self.checkout.replacingOccurrences(of: "expect: { status: 200 }", with: "expect: { status: 201 }")
        let result = await SmokeRunner(plan: try plan(broken, baseURL: target.baseURL), transport: transport).run(iterations: 1)
        await target.stop()
        let steps = try XCTUnwrap(result.iterations.first).steps
        XCTAssertFalse(result.passed)
        XCTAssertEqual(steps.map(\.outcome), [.failed, .skipped, .skipped])
        XCTAssertEqual(steps[0].category, .expectationFailed)
        XCTAssertEqual(steps[0].failures, [ExpectationFailure(subject: "status", expected: "201", actual: "200")])
        XCTAssertNotNil(steps[0].responseExcerpt)
        XCTAssertFalse(steps[0].responseExcerpt?.contains("demo-password") ?? true)
        XCTAssertTrue(steps[0].responseExcerpt?.contains(#""token":"***""#) ?? false, "a secret capture is masked even when its own step fails: \(steps[0].responseExcerpt ?? "")")
        XCTAssertTrue(steps[0].responseHeaders.contains { $0.lowercased() == "set-cookie: ***" }, "a session cookie is a credential: \(steps[0].responseHeaders)")
        XCTAssertTrue(steps[0].responseHeaders.contains { $0.lowercased().hasPrefix("content-type: application/json") }, "\(steps[0].responseHeaders)")
    }

    func testAWrongTokenIsAnHTTP4xxFailure() async throws {
        let target = try await DemoTarget.start()
        let range = try XCTUnwrap(Self.checkout.range(of: "Bearer {{token}}"))
        let wrongToken = Self.checkout.replacingCharacters(in: range, with: "Bearer not-the-token")
        let result = await SmokeRunner(plan: try plan(wrongToken, baseURL: target.baseURL), transport: transport).run(iterations: 1)
        await target.stop()
        let steps = try XCTUnwrap(result.iterations.first).steps
        XCTAssertEqual(steps[1].status, 401)
        XCTAssertEqual(steps[1].category, .http4xx)
    }

    private static func single(_ step: String, timeout: String = "5s") -> String {
        """
        name: single
        targets: { api: "${API_URL}" }
        defaults: { timeouts: { connect: 1s, total: \(timeout) } }
        flows:
          only:
            steps:
        \(step)
        """
    }

    func testRefusedConnectionIsCategorized() async throws {
        // Find a loopback port nothing listens on: start and stop a target.
        let target = try await DemoTarget.start()
        let baseURL = target.baseURL
        await target.stop()
        let yaml = Self.single("      - { name: health, path: /health }")
        let result = await SmokeRunner(plan: try plan(yaml, baseURL: baseURL), transport: transport).run(iterations: 1)
        XCTAssertEqual(result.iterations.first?.steps.first?.category, .connectionRefused)
        XCTAssertNotNil(result.iterations.first?.steps.first?.transportMessage)
    }

    func testATimeoutIsCategorizedAndTheRunGoesOn() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(latency: .fixed(.seconds(3))))
        let yaml = Self.single("      - { name: slow, path: /health }\n      - { name: never, path: /health }", timeout: "300ms")
        let clock = ContinuousClock()
        let started = clock.now
        let result = await SmokeRunner(plan: try plan(yaml, baseURL: target.baseURL), transport: transport).run(iterations: 1)
        let elapsed = clock.now - started
        await target.stop()
        XCTAssertEqual(result.iterations.first?.steps.map(\.category), [.timeout, nil])
        let timedOut = try XCTUnwrap(result.measurements().flows[0].steps[0].statistics.total)
        XCTAssertEqual(timedOut.count, 1, "a timed-out request counts in latency, at the time it took")
        XCTAssertGreaterThan(timedOut.summary.maxMs, 250)
        // One-sided and generous: the server answers after 3 s, the step must have given up well before.
        XCTAssertLessThan(elapsed, .milliseconds(2500), "the step gave up at its timeout, not when the server answered")
    }

    func testRateLimitedResponsesAreTheirOwnCategory() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(rateLimit: RateLimit(requests: 1, window: .seconds(60))))
        let yaml = Self.single("      - { name: products, path: /api/products, expect: { status: 200 } }")
        let result = await SmokeRunner(plan: try plan(yaml, baseURL: target.baseURL), transport: transport).run(iterations: 3)
        await target.stop()
        XCTAssertEqual(result.iterations.map { $0.steps.first?.category }, [.ok, .rateLimited, .rateLimited])
        XCTAssertEqual(result.measurements().flows[0].steps[0].statistics.countsByCategory[.rateLimited], 2)
    }

    func testSecretsNeverAppearInResults() async throws {
        let target = try await DemoTarget.start()
        let yaml = """
            name: secrets
            targets: { api: "${API_URL}" }
            variables: { password: "s3cret-value" }
            secrets: [password]
            flows:
              echo:
                steps:
                  - name: echo
                    path: /api/echo
                    query: { text: "pw={{password}}" }
                    expect: { body: { contains: "something else" } }
            """
        let result = await SmokeRunner(plan: try plan(yaml, baseURL: target.baseURL), transport: transport).run(iterations: 1)
        await target.stop()
        let step = try XCTUnwrap(result.iterations.first?.steps.first)
        XCTAssertEqual(step.category, .expectationFailed)
        let printed = ([step.requestLine, step.responseExcerpt ?? ""] + step.responseHeaders + step.failures.flatMap { [$0.expected, $0.actual] }).joined(separator: "\n")
        XCTAssertFalse(printed.contains("s3cret-value"), printed)
        XCTAssertTrue(step.responseExcerpt?.contains("pw=***") ?? false, printed)
        XCTAssertTrue(step.responseHeaders.contains { $0.lowercased() == "x-echo: pw=***" }, "the echoed header is kept, its secret masked: \(step.responseHeaders)")
    }

    func testExpectedValuesUseCapturesAndVariables() async throws {
        let target = try await DemoTarget.start()
        let receipt = { (expected: String) in
            Self.checkout.replacingOccurrences(of: """
                      - name: sync
                """, with: """
                      - name: receipt
                        path: /api/orders/{{orderId}}/receipt
                        headers: { Authorization: "Bearer {{token}}" }
                        expect:
                          json: { $.orderId: "\(expected)" }
                          headers: { Content-Type: { equals: "{{contentType}}" } }
                          body: { contains: "{{orderId}}" }
                      - name: sync
                """).replacingOccurrences(of: "  password: demo-password", with: "  password: demo-password\n  contentType: \"application/json; charset=utf-8\"\n  other: ord-0")
        }
        let matching = await SmokeRunner(plan: try plan(receipt("{{orderId}}"), baseURL: target.baseURL), transport: transport).run(iterations: 1)
        let mismatching = await SmokeRunner(plan: try plan(receipt("{{other}}"), baseURL: target.baseURL), transport: transport).run(iterations: 1)
        await target.stop()
        XCTAssertTrue(matching.passed, "the receipt's orderId equals the captured one: \(matching.iterations)")
        let failed = try XCTUnwrap(mismatching.iterations.first?.steps.first { $0.step == "receipt" })
        XCTAssertEqual(failed.category, .expectationFailed)
        XCTAssertEqual(failed.failures.first?.expected, "\"ord-0\"", "the message shows the rendered value, not the placeholder")
    }

    /// The web app behind the load balancer authenticates by the session cookie login sets.
    private static func cookieSession(keepCookies: Bool) -> String {
        """
        name: cookies
        targets: { api: "${API_URL}" }
        defaults: { cookies: \(keepCookies) }
        flows:
          shop:
            steps:
              - { name: before login, method: POST, path: /api/orders, json: { items: [ { productId: p-1, quantity: 1 } ] }, expect: { status: 401 } }
              - { name: login, method: POST, path: /api/auth/login, json: { username: ann, password: demo-password }, expect: { status: 200 } }
              - { name: order, method: POST, path: /api/orders, json: { items: [ { productId: p-1, quantity: 1 } ] }, expect: { status: 201 } }
        """
    }

    func testEachIterationKeepsItsOwnCookies() async throws {
        let target = try await DemoTarget.start()
        let kept = await SmokeRunner(plan: try plan(Self.cookieSession(keepCookies: true), baseURL: target.baseURL), transport: transport).run(iterations: 2)
        let off = await SmokeRunner(plan: try plan(Self.cookieSession(keepCookies: false), baseURL: target.baseURL), transport: transport).run(iterations: 1)
        await target.stop()
        // The second iteration starts logged out (its first step gets 401), so no cookie crossed over.
        XCTAssertTrue(kept.passed, "the session cookie authenticated the order, in each iteration alone: \(kept.iterations.flatMap(\.steps).map { "\($0.step): \($0.status ?? 0)" })")
        XCTAssertEqual(off.iterations.first?.steps.last?.status, 401, "with cookies off nothing is sent back")
    }

    func testThinkTimeCountsInFlowDurationNeverInRequestLatency() async throws {
        let target = try await DemoTarget.start()
        let yaml = Self.single("      - { name: browse, path: /health, think: 400ms }\n      - { name: read, path: /health, think: 300ms..500ms }\n      - { name: buy, path: /health }")
        let result = await SmokeRunner(plan: try plan(yaml, baseURL: target.baseURL), transport: transport).run(iterations: 1)
        await target.stop()
        let iteration = try XCTUnwrap(result.iterations.first)
        XCTAssertTrue(iteration.passed)
        // One-sided bounds: the pauses (at least 700 ms) are in the flow's duration ...
        XCTAssertGreaterThanOrEqual(iteration.durationMicros, 700_000)
        // ... and not in the latency of the requests after them (the demo target answers at once).
        for step in iteration.steps.dropFirst() {
            XCTAssertLessThan(step.correctedMicros, 250_000, "\(step.step): the pause before it is not its latency")
        }
    }
}
