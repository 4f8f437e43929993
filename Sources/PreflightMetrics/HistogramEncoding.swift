import Histogram

/// A latency histogram in a form a JSON report can carry without loss: every non-empty bucket as
/// `[value, count]` (value in microseconds, a representative of its bucket), with the layout it was
/// recorded in. Recording each value back with its count rebuilds the same histogram, so saved
/// reports can be merged and re-analysed exactly, long after the run.
public struct HistogramEncoding: Sendable, Equatable, Codable {
    public var unit: String
    public var significantDigits: Int
    public var totalCount: UInt64
    /// Non-empty buckets in increasing order of value.
    public var buckets: [[UInt64]]

    public init(_ histogram: LatencyHistogram) {
        unit = "us"
        significantDigits = Int(histogram.histogram.numberOfSignificantValueDigits.rawValue)
        totalCount = histogram.count
        buckets = histogram.histogram.recordedValues().map { [$0.value, UInt64($0.count)] }
    }

    /// The histogram back, bucket for bucket.
    public var histogram: LatencyHistogram {
        var rebuilt = LatencyHistogram()
        for bucket in buckets where bucket.count == 2 {
            rebuilt.record(micros: Int64(clamping: bucket[0]), count: bucket[1])
        }
        return rebuilt
    }
}
