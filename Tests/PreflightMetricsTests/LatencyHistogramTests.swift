import PreflightMetrics
import XCTest

final class LatencyHistogramTests: XCTestCase {
    func testPercentilesOfAUniformSpreadAreWithinHistogramPrecision() {
        var histogram = LatencyHistogram()
        for millis in 1...1000 { histogram.record(micros: Int64(millis) * 1000) }
        let summary = histogram.summary
        XCTAssertEqual(summary.count, 1000)
        XCTAssertEqual(summary.p50Ms, 500, accuracy: 0.5)
        XCTAssertEqual(summary.p95Ms, 950, accuracy: 1)
        XCTAssertEqual(summary.p99Ms, 990, accuracy: 1)
        XCTAssertEqual(summary.minMs, 1, accuracy: 0.01)
        XCTAssertEqual(summary.maxMs, 1000, accuracy: 1)
        XCTAssertEqual(summary.meanMs, 500.5, accuracy: 0.5)
    }

    func testMergingTwoHistogramsEqualsRecordingEverythingInOne() {
        var first = LatencyHistogram()
        var second = LatencyHistogram()
        var both = LatencyHistogram()
        for value in stride(from: 100, through: 50_000, by: 97) {
            let micros = Int64(value)
            if value % 2 == 0 { first.record(micros: micros) } else { second.record(micros: micros) }
            both.record(micros: micros)
        }
        first.merge(second)
        XCTAssertEqual(first.summary, both.summary)
    }

    func testEmptyHistogramSummarizesToZeros() {
        XCTAssertEqual(LatencyHistogram().summary, LatencySummary())
    }

    func testValuesBeyondTheTrackableRangeAreClampedNotLost() {
        var histogram = LatencyHistogram()
        histogram.record(micros: -5)
        histogram.record(micros: Int64(LatencyHistogram.highestTrackableMicros) * 2)
        XCTAssertEqual(histogram.count, 2)
    }
}
