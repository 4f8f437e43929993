import Histogram
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

    /// The side with the larger maximum receives the other's counts (no array growth); whichever
    /// side that is, and with an empty side, the result is what one histogram of everything holds.
    func testMergingInEitherDirectionAndWithEmptyHistogramsIsExact() {
        var small = LatencyHistogram()
        var large = LatencyHistogram()
        var both = LatencyHistogram()
        for micros in [Int64(3), 150, 900, 1_999] { small.record(micros: micros); both.record(micros: micros) }
        for micros in [Int64(40), 2_500, 70_000, 9_000_000] { large.record(micros: micros); both.record(micros: micros) }
        var smallFirst = small
        smallFirst.merge(large)
        var largeFirst = large
        largeFirst.merge(small)
        var fromEmpty = LatencyHistogram()
        fromEmpty.merge(small)
        fromEmpty.merge(large)
        var withEmpty = both
        withEmpty.merge(LatencyHistogram())
        for merged in [smallFirst, largeFirst, fromEmpty, withEmpty] {
            XCTAssertEqual(merged.summary, both.summary)
            XCTAssertEqual(merged.histogram.min, both.histogram.min)
            XCTAssertEqual(merged.histogram.max, both.histogram.max)
            for percentile in [0.0, 10, 50, 90, 99, 99.9, 100] {
                XCTAssertEqual(merged.micros(atPercentile: percentile), both.micros(atPercentile: percentile))
            }
        }
        // The merged-into copy is independent of the histogram it came from.
        fromEmpty.record(micros: 5)
        XCTAssertEqual(small.count, 4)
        XCTAssertEqual(large.count, 4)
    }

    /// A histogram pre-sized like an earlier one starts empty and records and merges exactly as a fresh one.
    func testHistogramSizedLikeAnotherStartsEmptyAndRecordsTheSame() {
        var earlier = LatencyHistogram()
        earlier.record(micros: 80_000)
        var sized = LatencyHistogram(sizedLike: earlier)
        var fresh = LatencyHistogram()
        XCTAssertEqual(sized.count, 0)
        XCTAssertEqual(sized.summary, LatencySummary())
        for micros in [Int64(7), 1_500, 64_000, 2_000_000] {
            sized.record(micros: micros)
            fresh.record(micros: micros)
        }
        XCTAssertEqual(sized.summary, fresh.summary)
        var merged = earlier
        merged.merge(sized)
        var reference = earlier
        reference.merge(fresh)
        XCTAssertEqual(merged.summary, reference.summary)
        XCTAssertEqual(HistogramEncoding(sized), HistogramEncoding(fresh))
    }

    /// A histogram that grows (rising latencies, from microseconds to the hour) keeps exactly what
    /// hdrhistogram-swift's own growth would: every count, percentile, minimum and maximum.
    func testGrowingKeepsEveryCountAsTheLibrarysOwnGrowthWould() {
        var grown = LatencyHistogram()
        var reference = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        reference.autoResize = true
        var value: UInt64 = 1
        while value < LatencyHistogram.highestTrackableMicros {
            for step in [value, value + value / 3, value * 2 - 1] where step <= LatencyHistogram.highestTrackableMicros {
                grown.record(micros: Int64(step))
                reference.record(step)
            }
            value *= 2
        }
        grown.record(micros: 5, count: 3)
        reference.record(5, count: 3)
        XCTAssertEqual(grown.count, reference.totalCount)
        XCTAssertEqual(grown.histogram.min, reference.min)
        XCTAssertEqual(grown.histogram.max, reference.max)
        for percentile in stride(from: 0.0, through: 100.0, by: 2.5) {
            XCTAssertEqual(grown.micros(atPercentile: percentile), reference.valueAtPercentile(percentile), "p\(percentile)")
        }
        for probe in [UInt64(5), 3_000, 70_000, 9_000_000, 2_000_000_000] {
            XCTAssertEqual(grown.histogram.countForValue(probe), reference.countForValue(probe), "\(probe)")
        }
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
