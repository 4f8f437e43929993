import PreflightMetrics
import XCTest

final class ThresholdFilterTests: XCTestCase {
    private func matches(
        _ filter: ThresholdFilter, flow: String = "checkout", step: String? = "pay", target: String? = "api",
        status: Int? = 200, category: ResultCategory? = .ok
    ) -> Bool {
        filter.matches(flow: flow, step: step, target: target, status: status, category: category)
    }

    func testStepsMatchByBareOrQualifiedName() {
        XCTAssertTrue(matches(.step("pay")))
        XCTAssertTrue(matches(.step("checkout/pay")))
        XCTAssertFalse(matches(.step("sync/pay")))
        XCTAssertFalse(matches(.step("pay"), step: nil))
    }

    func testStatusClassesAndCodes() {
        XCTAssertTrue(matches(.status(.statusClass(5)), status: 503))
        XCTAssertFalse(matches(.status(.statusClass(5)), status: 429))
        XCTAssertTrue(matches(.status(.code(429)), status: 429))
        XCTAssertFalse(matches(.status(.statusClass(5)), status: nil), "a transport failure has no status")
    }

    func testOtherLabels() {
        XCTAssertTrue(matches(.flow("checkout")))
        XCTAssertFalse(matches(.flow("sync")))
        XCTAssertTrue(matches(.target("api")))
        XCTAssertFalse(matches(.target("api"), target: nil))
        XCTAssertTrue(matches(.category(.timeout), category: .timeout))
        XCTAssertFalse(matches(.category(.timeout)))
    }

    func testDescriptionsReadBackToTheSameFilter() throws {
        let filters: [ThresholdFilter] = [
            .flow("checkout"), .step("pay, then {confirm}"), .step(#"say "hi" \o/"#), .target(" padded "),
            .status(.statusClass(4)), .status(.code(201)), .category(.rateLimited),
        ]
        for filter in filters {
            let expression = "requests{\(filter)} count > 0"
            XCTAssertEqual(try ThresholdParser.parse(expression).get().selector, [filter], expression)
        }
    }
}
