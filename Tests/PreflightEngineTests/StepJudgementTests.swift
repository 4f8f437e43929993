@testable import PreflightEngine
import PreflightMetrics
import PreflightPlan
import XCTest

/// The rules that turn a response into pass/fail, a category and captures, without a server.
final class StepJudgementTests: XCTestCase {
    private let here = SourceLocation(line: 1, column: 1)

    private func step(_ expectations: [Expectation.Kind], captures: [(String, Capture.Source)] = []) -> Step {
        Step(
            name: "s", path: Template(literal: "/"),
            expectations: expectations.map { Expectation($0, location: here) },
            captures: captures.map { Capture(variable: $0.0, source: $0.1, location: here) },
            location: here
        )
    }

    private func response(_ status: Int, _ body: String = "", headers: [(String, String)] = [], totalMicros: Int64 = 1000) -> HTTPResult {
        HTTPResult(status: status, headers: headers.map { (name: $0.0, value: $0.1) }, body: Array(body.utf8), timings: PhaseTimings(totalMicros: totalMicros))
    }

    func testStatusMatchers() {
        XCTAssertEqual(StepJudgement(step: step([.status(.exact(200))]), result: response(200)).category, .ok)
        XCTAssertEqual(StepJudgement(step: step([.status(.oneOf([200, 201]))]), result: response(201)).category, .ok)
        XCTAssertEqual(StepJudgement(step: step([.status(.statusClass(2))]), result: response(204)).category, .ok)
        let wrong = StepJudgement(step: step([.status(.exact(201))]), result: response(200))
        XCTAssertEqual(wrong.category, .expectationFailed)
        XCTAssertEqual(wrong.failures, [ExpectationFailure(subject: "status", expected: "201", actual: "200")])
    }

    func testAnErrorStatusIsReportedByItsHTTPCategory() {
        XCTAssertEqual(StepJudgement(step: step([.status(.exact(200))]), result: response(503)).category, .http5xx)
        XCTAssertEqual(StepJudgement(step: step([.status(.exact(200))]), result: response(429)).category, .rateLimited)
        XCTAssertEqual(StepJudgement(step: step([]), result: response(404)).category, .http4xx, "no status expectation still fails on 4xx")
        XCTAssertEqual(StepJudgement(step: step([.status(.exact(429))]), result: response(429)).category, .ok, "an expected 429 passes")
    }

    func testTransportErrorsKeepTheirCategory() {
        let result = HTTPResult(status: nil, transportError: TransportError(category: .timeout, code: 28, message: "Operation timed out"))
        let judgement = StepJudgement(step: step([.status(.exact(200))]), result: result)
        XCTAssertEqual(judgement.category, .timeout)
    }

    func testHeaderChecksAreCaseInsensitiveOnTheName() {
        let headers = [("Content-Type", "application/json; charset=utf-8")]
        XCTAssertEqual(StepJudgement(step: step([.header(name: "content-type", .matches(pattern: try Pattern("^application/json")))]), result: response(200, headers: headers)).category, .ok)
        XCTAssertEqual(StepJudgement(step: step([.header(name: "X-Missing", .exists)]), result: response(200)).failures.first?.actual, "absent")
        XCTAssertEqual(StepJudgement(step: step([.header(name: "Content-Type", .equals("text/html"))]), result: response(200, headers: headers)).category, .expectationFailed)
        XCTAssertEqual(StepJudgement(step: step([.header(name: "Server", .absent)]), result: response(200, headers: [("server", "x")])).category, .expectationFailed)
    }

    func testJSONChecks() throws {
        let body = #"{"id":"ord-7","total":12.5,"paid":true,"lines":[{"sku":"p-1"}],"note":null}"#
        func judge(_ kind: Expectation.Kind) -> StepJudgement { StepJudgement(step: step([kind]), result: response(200, body)) }
        let id = try JSONPathParser.parse("$.id")
        XCTAssertEqual(judge(.json(path: id, .exists)).category, .ok)
        XCTAssertEqual(judge(.json(path: id, .equals(.string("ord-7")))).category, .ok)
        XCTAssertEqual(judge(.json(path: id, .matches(pattern: try Pattern("^ord-\\d+$")))).category, .ok)
        XCTAssertEqual(judge(.json(path: try JSONPathParser.parse("$.total"), .equals(.number(12.5)))).category, .ok)
        XCTAssertEqual(judge(.json(path: try JSONPathParser.parse("$.paid"), .type(.boolean))).category, .ok)
        XCTAssertEqual(judge(.json(path: try JSONPathParser.parse("$.paid"), .equals(.number(1)))).category, .expectationFailed, "true is not the number 1")
        XCTAssertEqual(judge(.json(path: try JSONPathParser.parse("$.lines[0].sku"), .equals(.string("p-1")))).category, .ok)
        XCTAssertEqual(judge(.json(path: try JSONPathParser.parse("$.note"), .type(.null))).category, .ok)
        let missing = judge(.json(path: try JSONPathParser.parse("$.status"), .equals(.string("created"))))
        XCTAssertEqual(missing.failures, [ExpectationFailure(subject: "json $.status", expected: "\"created\"", actual: "missing")])
        let notJSON = StepJudgement(step: step([.json(path: id, .exists)]), result: response(200, "<html>"))
        XCTAssertEqual(notJSON.failures.first?.actual, "body is not JSON")
    }

    func testBodyAndDurationChecks() {
        XCTAssertEqual(StepJudgement(step: step([.bodyContains("healthy")]), result: response(200, "all healthy")).category, .ok)
        XCTAssertEqual(StepJudgement(step: step([.bodyMatches(pattern: try Pattern("h[a-z]+y"))]), result: response(200, "all healthy")).category, .ok)
        XCTAssertEqual(StepJudgement(step: step([.bodyContains("ok")]), result: response(200, "nope")).category, .expectationFailed)
        let slow = StepJudgement(step: step([.maxDuration(.milliseconds(500))]), result: response(200, totalMicros: 750_000))
        XCTAssertEqual(slow.failures, [ExpectationFailure(subject: "duration", expected: "<= 500 ms", actual: "750 ms")])
    }

    func testEveryFailingExpectationIsListed() {
        let judgement = StepJudgement(step: step([.status(.exact(201)), .bodyContains("id")]), result: response(200, "{}"))
        XCTAssertEqual(judgement.failures.map(\.subject), ["status", "body"])
    }

    func testCapturesFromJSONHeaderRegexAndCookie() throws {
        let captures: [(String, Capture.Source)] = [
            ("token", .json(try JSONPathParser.parse("$.token"))),
            ("location", .header("location")),
            ("number", .regex(pattern: try Pattern("ord-(\\d+)"), group: 1)),
            ("session", .cookie("session")),
        ]
        let result = response(200, #"{"token":"abc","id":"ord-42"}"#, headers: [("Location", "/api/orders/ord-42"), ("Set-Cookie", "session=s3cr3t; Path=/; HttpOnly")])
        let judgement = StepJudgement(step: step([], captures: captures), result: result)
        XCTAssertEqual(judgement.category, .ok)
        XCTAssertEqual(judgement.captured, ["token": "abc", "location": "/api/orders/ord-42", "number": "42", "session": "s3cr3t"])
    }

    func testACaptureThatFindsNothingFailsTheStep() throws {
        let judgement = StepJudgement(step: step([], captures: [("token", .json(try JSONPathParser.parse("$.token")))]), result: response(200, "{}"))
        XCTAssertEqual(judgement.category, .captureFailed)
        XCTAssertEqual(judgement.failures.first?.subject, "capture token")
    }

    func testSecretCapturesAreFoundEvenWhenTheStepFails() throws {
        let step = step([.status(.exact(201))], captures: [("token", .json(try JSONPathParser.parse("$.token"))), ("user", .json(try JSONPathParser.parse("$.user")))])
        let judgement = StepJudgement(step: step, result: response(200, #"{"token":"t0k","user":"ann"}"#), secretNames: ["token"])
        XCTAssertEqual(judgement.category, .expectationFailed)
        XCTAssertEqual(judgement.captured, [:], "a failed step passes nothing on")
        XCTAssertEqual(judgement.secretValues, ["t0k"], "but its secrets are known, so they can be masked")
    }
}
