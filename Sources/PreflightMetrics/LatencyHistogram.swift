import Histogram

/// Lossless-enough latency recording: an HDR histogram of microseconds at 3 significant digits.
///
/// Percentiles come from the full distribution, never from a sample or an average of averages,
/// and two histograms merge exactly, so per-thread recorders can be combined without loss.
/// The histogram grows with the largest value it has seen, so a phase that stays in microseconds
/// (DNS on a kept-alive connection) costs a few kilobytes rather than the full one-hour range.
public struct LatencyHistogram: Sendable, Equatable {
    /// One hour: anything slower is clamped, which a timeout always prevents in practice.
    public static let highestTrackableMicros: UInt64 = 3_600_000_000

    public private(set) var histogram: Histogram<UInt64>

    public init() {
        histogram = Histogram(numberOfSignificantValueDigits: .three)
    }

    /// An empty histogram whose counts already reach `other`'s largest value: for the next
    /// interval of the same step, which would otherwise grow its array again, bucket by bucket,
    /// through hdrhistogram-swift's unspecialised generic append on the request path. The layout
    /// (1 µs, 3 digits) is the same, so values, percentiles and merges are exactly as before.
    public init(sizedLike other: LatencyHistogram) {
        let highest = max(2, min(other.histogram.maxRecorded, Self.highestTrackableMicros))
        var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: highest, numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
        self.histogram = histogram
    }

    public var count: UInt64 { histogram.totalCount }

    public mutating func record(micros: Int64) {
        let clamped = UInt64(min(max(micros, 0), Int64(Self.highestTrackableMicros)))
        if clamped > Self.firstBucketLimit, clamped > capacity { grow(toCover: clamped) }
        _ = histogram.record(clamped)
    }

    /// Records `count` occurrences of one value at once (rebuilding a histogram from its buckets).
    public mutating func record(micros: Int64, count: UInt64) {
        guard count > 0 else { return }
        let clamped = UInt64(min(max(micros, 0), Int64(Self.highestTrackableMicros)))
        if clamped > Self.firstBucketLimit, clamped > capacity { grow(toCover: clamped) }
        _ = histogram.record(clamped, count: count)
    }

    /// The largest value the first bucket holds (1 µs units, 3 significant digits: 2,048 values).
    private static let firstBucketLimit: UInt64 = 2047

    /// The largest value the counts array holds without growing: hdrhistogram-swift sizes it in whole
    /// buckets, each covering twice the values of the one before, to reach `highestTrackableValue`.
    private var capacity: UInt64 {
        var limit = Self.firstBucketLimit + 1
        while limit <= histogram.highestTrackableValue, limit < Self.highestTrackableMicros { limit <<= 1 }
        return limit - 1
    }

    /// Makes room for `value` (and twice it, so a rising latency grows the array a few times, not at
    /// every new maximum) in a new histogram of the same layout that takes the counts. Left to
    /// itself, hdrhistogram-swift grows the array through an unspecialised, element-by-element
    /// generic append: about 9 million instructions per growth under callgrind, milliseconds on the
    /// event loop's thread in the middle of a run. The same layout keeps every value and percentile.
    private mutating func grow(toCover value: UInt64) {
        let highest = min(max(value, histogram.highestTrackableValue) * 2, Self.highestTrackableMicros)
        var grown = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: max(2, highest), numberOfSignificantValueDigits: .three)
        grown.autoResize = true
        grown.add(histogram)
        histogram = grown
    }

    /// Adds `other`'s counts: the same counts, total, min and max whichever side receives them.
    ///
    /// The side with the larger maximum receives, so the receiving array never has to grow:
    /// hdrhistogram-swift grows it with an unspecialised, element-by-element generic append that
    /// cost tens of milliseconds per tick once the running total reached tens of milliseconds (about
    /// 60% of every instruction of a load run under callgrind, most of an open-model run's CPU).
    /// Into an empty histogram, the other is taken as it is (copy-on-write: nothing copied yet).
    public mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            histogram = other.histogram
            return
        }
        if other.histogram.maxRecorded > histogram.maxRecorded {
            var merged = other.histogram
            merged.add(histogram)
            histogram = merged
        } else {
            histogram.add(other.histogram)
        }
    }

    /// Value at a percentile (0...100) in microseconds; 0 when nothing was recorded.
    public func micros(atPercentile percentile: Double) -> UInt64 {
        count == 0 ? 0 : histogram.valueAtPercentile(percentile)
    }

    /// A percentile in milliseconds, the same figure `summary` gives, without the rest of the
    /// summary: its mean walks every bucket through an unspecialised iterator, which cost a load
    /// run's ticker more than everything else it does each second.
    public func ms(atPercentile percentile: Double) -> Double {
        Self.ms(micros(atPercentile: percentile))
    }

    public var summary: LatencySummary {
        guard count > 0 else { return LatencySummary() }
        return LatencySummary(
            count: count,
            minMs: Self.ms(histogram.min), meanMs: histogram.mean / 1000,
            p50Ms: Self.ms(micros(atPercentile: 50)), p90Ms: Self.ms(micros(atPercentile: 90)),
            p95Ms: Self.ms(micros(atPercentile: 95)), p99Ms: Self.ms(micros(atPercentile: 99)),
            maxMs: Self.ms(histogram.max)
        )
    }

    private static func ms(_ micros: UInt64) -> Double { Double(micros) / 1000 }

    public static func == (lhs: LatencyHistogram, rhs: LatencyHistogram) -> Bool {
        lhs.count == rhs.count && lhs.histogram.min == rhs.histogram.min && lhs.histogram.max == rhs.histogram.max
            && lhs.histogram.mean == rhs.histogram.mean
    }
}
