import PreflightMetrics
import XCTest

final class ThresholdReferencesTests: XCTestCase {
    private let flows: Set = ["checkout", "sync"]
    private let steps: Set = ["checkout/login", "checkout/pay", "sync/login", "sync/pull"]
    private let targets: Set = ["api", "payments"]

    func testNamesThatExistAreAccepted() throws {
        let valid = [
            "http_req_duration p95 < 1s",
            "http_req_duration{flow:checkout, step:pay, target:payments} p95 < 1s",
            "http_req_duration{step:login} p95 < 1s",
            "http_req_duration{step:sync/pull} p95 < 1s",
            "http_req_duration{flow:sync, step:sync/pull} p95 < 1s",
            "errors{status:5xx, category:timeout} count < 1",
        ]
        for expression in valid {
            let threshold = try ThresholdParser.parse(expression).get()
            XCTAssertEqual(threshold.validate(knownFlows: flows, knownSteps: steps, knownTargets: targets), [], expression)
        }
    }

    func testUnknownOrContradictoryNamesAreReportedAtTheirValue() throws {
        let table: [(String, String, String, Int)] = [
            ("requests{flow:chekout} count > 0", "unknown flow 'chekout'", "did you mean 'checkout'?", 14),
            ("requests{target:billing} count > 0", "unknown target 'billing'", "the plan's targets are 'api', 'payments'", 16),
            ("requests{step:pya} count > 0", "unknown step 'pya'", "did you mean 'pay'?", 14),
            ("requests{step:checkout/pul} count > 0", "unknown step 'checkout/pul'", "did you mean 'checkout/pay'?", 14),
            ("requests{step:refund} count > 0", "unknown step 'refund'",
             "the plan's steps are 'checkout/login', 'checkout/pay', 'login', 'pay', 'pull', 'sync/login', 'sync/pull'", 14),
            ("requests{flow:sync, step:pay} count > 0", "flow 'sync' has no step 'pay'", "'pay' is a step of 'checkout'", 25),
            ("requests{flow:sync, step:checkout/pay} count > 0", "step 'checkout/pay' is not in flow 'sync'", "the two filters can never both hold", 25),
            ("requests{flow:sync, step:push} count > 0", "unknown step 'push'", "the steps of 'sync' are 'login', 'pull'", 25),
        ]
        for (expression, message, hint, offset) in table {
            let threshold = try ThresholdParser.parse(expression).get()
            let errors = threshold.validate(knownFlows: flows, knownSteps: steps, knownTargets: targets)
            XCTAssertEqual(errors, [ThresholdError(message: message, hint: hint, offset: offset)], expression)
        }
    }

    func testEveryUnknownNameIsReported() throws {
        let threshold = try ThresholdParser.parse("requests{flow:nope, step:gone, target:void} count > 0").get()
        let errors = threshold.validate(knownFlows: flows, knownSteps: steps, knownTargets: targets)
        XCTAssertEqual(errors.map(\.message), ["unknown flow 'nope'", "unknown step 'gone'", "unknown target 'void'"])
    }
}
