import PreflightMetrics
import XCTest

/// Which thresholds a run that stopped early may still judge: rates per second and counts depend
/// on the run's length; a count past an upper bound has failed for good.
final class ThresholdRunLengthTests: XCTestCase {
    private func threshold(_ text: String) throws -> Threshold {
        try ThresholdParser.parse(text).get()
    }

    func testRatesPerSecondAndCountsDependOnTheRunsLength() throws {
        XCTAssertTrue(try threshold("requests rate >= 40/s").dependsOnRunLength)
        XCTAssertTrue(try threshold("dropped_iterations rate < 1/s").dependsOnRunLength)
        XCTAssertTrue(try threshold("errors count < 10").dependsOnRunLength)
        XCTAssertFalse(try threshold("errors rate < 1%").dependsOnRunLength, "a share of what ran")
        XCTAssertFalse(try threshold("checks rate > 99%").dependsOnRunLength)
        XCTAssertFalse(try threshold("http_req_duration p95 < 500ms").dependsOnRunLength)
    }

    func testOnlyACountPastAnUpperBoundHasFailedForGood() throws {
        XCTAssertTrue(try threshold("errors count < 10").failsForGood(partialObservation: 10))
        XCTAssertFalse(try threshold("errors count < 10").failsForGood(partialObservation: 9))
        XCTAssertTrue(try threshold("errors count <= 10").failsForGood(partialObservation: 11))
        XCTAssertTrue(try threshold("errors count == 0").failsForGood(partialObservation: 1))
        XCTAssertFalse(try threshold("requests count >= 1000").failsForGood(partialObservation: 60), "more running could reach it")
        XCTAssertFalse(try threshold("requests rate >= 40/s").failsForGood(partialObservation: 3), "a rate can move either way")
        XCTAssertFalse(try threshold("errors count < 10").failsForGood(partialObservation: nil))
    }
}
