import PreflightPlan
import XCTest

/// Thresholds are checked with the rest of the plan: grammar and the names they select, at their column.
final class ThresholdValidationTests: XCTestCase {
    private let plan = """
        name: t
        targets:
          api: http://127.0.0.1:8080
        flows:
          checkout:
            steps:
              - { name: pay, path: /pay }
        thresholds:

        """

    func testValidThresholdsLoadWithTheirAbortSettings() throws {
        let loaded = try PlanTestSupport.load(plan + """
              - "http_req_duration p95 < 500ms"
              - { expression: "errors{step:pay} rate < 1%", abortOnFail: true, abortGrace: 10s }
            """)
        XCTAssertEqual(loaded.thresholds.map(\.expression), ["http_req_duration p95 < 500ms", "errors{step:pay} rate < 1%"])
        XCTAssertEqual(loaded.thresholds[1].abortOnFail, true)
        XCTAssertEqual(loaded.thresholds[1].abortGrace, .seconds(10))
    }

    func testGrammarErrorsAndUnknownNamesPointIntoTheExpression() {
        let diagnostics = PlanTestSupport.diagnostics(plan + """
              - "http_req_duraton p95 < 500ms"
              - "errors{step:paay} rate < 1%"
              - { expression: "http_req_duration p95 < 500" }
            """)
        XCTAssertEqual(diagnostics.count, 3, "\(diagnostics)")
        // Line 9: the metric name starts right after the opening quote, column 6.
        XCTAssertEqual(diagnostics[0].location, SourceLocation(line: 9, column: 6))
        XCTAssertTrue(diagnostics[0].message.contains("http_req_duraton"), diagnostics[0].message)
        XCTAssertEqual(diagnostics[0].hint?.contains("http_req_duration"), true)
        // Line 10: the step name inside the selector.
        XCTAssertEqual(diagnostics[1].location.line, 10)
        XCTAssertGreaterThan(diagnostics[1].location.column, 13)
        XCTAssertTrue(diagnostics[1].message.contains("paay"), diagnostics[1].message)
        // Line 11: a latency without a unit.
        XCTAssertEqual(diagnostics[2].location.line, 11)
        XCTAssertTrue(diagnostics[2].hint?.contains("ms") ?? false, "\(diagnostics[2])")
    }
}

/// A load profile may give its rate in requests per second; it becomes iterations through the flow mix.
final class RequestRateTests: XCTestCase {
    func testRequestRateIsDividedByTheWeightedStepsPerIteration() throws {
        let plan = try PlanTestSupport.load("""
            name: t
            targets: { api: http://127.0.0.1:8080 }
            flows:
              browse:
                weight: 3
                steps:
                  - { name: products, path: /products }
              checkout:
                weight: 1
                steps:
                  - { name: login, path: /login }
                  - { name: order, path: /order }
                  - { name: pay, path: /pay }
                  - { name: receipt, path: /receipt }
                  - { name: logout, path: /logout }
            profiles:
              load: { executor: constant-arrival-rate, requestRate: 200/s, duration: 10s }
            """)
        // (3 × 1 + 1 × 5) / 4 = 2 requests per iteration, so 200 requests/s is 100 iterations/s.
        XCTAssertEqual(plan.profiles["load"]?.executor, .constantArrivalRate(rate: 100, duration: .seconds(10), maxInFlight: nil))
    }

    func testRateAndRequestRateTogetherAreAnError() {
        let diagnostics = PlanTestSupport.diagnostics("""
            name: t
            targets: { api: http://127.0.0.1:8080 }
            flows:
              f:
                steps:
                  - { name: s, path: / }
            profiles:
              load: { executor: constant-arrival-rate, rate: 10/s, requestRate: 20/s, duration: 10s }
            """)
        XCTAssertEqual(diagnostics.map(\.location.line), [8], "\(diagnostics)")
        XCTAssertTrue(diagnostics.first?.message.contains("not both") ?? false)
    }
}
