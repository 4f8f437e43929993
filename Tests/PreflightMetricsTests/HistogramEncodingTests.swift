import Foundation
import PreflightMetrics
import XCTest

final class HistogramEncodingTests: XCTestCase {
    func testEncodingRoundTripsBucketForBucketThroughJSON() throws {
        var histogram = LatencyHistogram()
        var seed: UInt64 = 7
        for _ in 0..<5000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            histogram.record(micros: Int64(seed >> 44))  // up to about a million microseconds
        }
        let json = try JSONEncoder().encode(HistogramEncoding(histogram))
        let decoded = try JSONDecoder().decode(HistogramEncoding.self, from: json)
        let rebuilt = decoded.histogram
        XCTAssertEqual(rebuilt.count, histogram.count)
        for percentile in [0.0, 25, 50, 90, 95, 99, 99.9] {
            XCTAssertEqual(rebuilt.micros(atPercentile: percentile), histogram.micros(atPercentile: percentile), "p\(percentile)")
        }
        // The exact maximum is kept by the live histogram only; the saved one knows its bucket.
        XCTAssertTrue(histogram.histogram.valuesAreEquivalent(rebuilt.micros(atPercentile: 100), histogram.micros(atPercentile: 100)))
        XCTAssertLessThan(decoded.buckets.count, 5000, "sparse: one entry per non-empty bucket, not per sample")
    }

    func testSavedHistogramsMergeExactly() {
        var first = LatencyHistogram()
        var second = LatencyHistogram()
        for value in 1...1000 { first.record(micros: Int64(value * 10)) }
        for value in 1...500 { second.record(micros: Int64(value * 37)) }
        var mergedLive = first
        mergedLive.merge(second)
        var mergedSaved = HistogramEncoding(first).histogram
        mergedSaved.merge(HistogramEncoding(second).histogram)
        XCTAssertEqual(mergedSaved.summary, mergedLive.summary)
    }
}
