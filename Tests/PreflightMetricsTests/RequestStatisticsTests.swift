import PreflightMetrics
import XCTest

final class RequestStatisticsTests: XCTestCase {
    func testCountsByCategoryAndFailures() {
        var statistics = RequestStatistics()
        let timings = PhaseTimings(dnsMicros: 10, connectMicros: 100, tlsMicros: 0, firstByteMicros: 900, totalMicros: 1000)
        statistics.record(category: .ok, phases: timings)
        statistics.record(category: .ok, phases: timings)
        statistics.record(category: .rateLimited, phases: timings)
        statistics.record(category: .connectionRefused, phases: nil)
        XCTAssertEqual(statistics.count, 4)
        XCTAssertEqual(statistics.failures, 2)
        XCTAssertEqual(statistics.countsByCategory[.rateLimited], 1)
        XCTAssertEqual(statistics.total.count, 3, "a request without a response has no latency to record")
        XCTAssertEqual(statistics.tls.count, 0, "plain HTTP has no TLS phase")
        XCTAssertEqual(statistics.firstByte.summary.p50Ms, 0.9, accuracy: 0.001)
    }

    func testMergeAddsCountsAndLatencies() {
        var first = RequestStatistics()
        var second = RequestStatistics()
        first.record(category: .ok, phases: PhaseTimings(totalMicros: 1000))
        second.record(category: .http5xx, phases: PhaseTimings(totalMicros: 3000))
        first.merge(second)
        XCTAssertEqual(first.count, 2)
        XCTAssertEqual(first.countsByCategory[.http5xx], 1)
        XCTAssertEqual(first.total.summary.maxMs, 3, accuracy: 0.01)
    }

    func testStatusCategories() {
        XCTAssertEqual(ResultCategory.forStatus(200), .ok)
        XCTAssertEqual(ResultCategory.forStatus(302), .ok)
        XCTAssertEqual(ResultCategory.forStatus(404), .http4xx)
        XCTAssertEqual(ResultCategory.forStatus(429), .rateLimited)
        XCTAssertEqual(ResultCategory.forStatus(503), .http5xx)
    }
}
