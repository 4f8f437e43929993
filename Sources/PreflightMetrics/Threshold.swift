/// A parsed threshold: one go/no-go condition of a load test, such as "p95 below 500 ms".
///
/// Thresholds are written as text in a plan and only ever built by ``ThresholdParser``, so every
/// value can point back into the text it came from. The limit is stored normalized (see
/// ``ThresholdQuantity``): `0.5s` and `500ms` make equal thresholds, and evaluation compares
/// numbers without caring how the author wrote them.
public struct Threshold: Sendable, Equatable {
    public let metric: ThresholdMetric
    /// Filters that must all hold for an observation to count; empty means all traffic.
    public let selector: [ThresholdFilter]
    public let aggregation: ThresholdAggregation
    public let comparator: ThresholdComparator
    /// The limit, in ``quantity``.
    public let value: Double
    /// The unit both ``value`` and an observation are expressed in.
    public let quantity: ThresholdQuantity
    /// `over 30s`: the threshold must hold in every window of this length, not only over the
    /// whole run. The caller evaluates it once per window, over a source limited to that window.
    public let window: Duration?
    /// The expression as written, for reports.
    public let source: String
    /// Where the value of each selector filter starts in ``source``, for reference errors.
    let filterValueOffsets: [Int]
}

/// How a threshold reduces a metric to the single number it compares.
public enum ThresholdAggregation: Sendable, Hashable {
    /// The latency at this percentile, above 0 and at most 100 (`p(100)` is the maximum).
    case percentile(Double)
    case avg
    case min
    case max
    /// For `errors` and `checks` a fraction of the total; for `requests` and
    /// `dropped_iterations` a number per second.
    case rate
    /// The number of events.
    case count

    /// The keywords other than percentiles, as written.
    static let keywords: [String: ThresholdAggregation] = [
        "avg": .avg, "min": .min, "max": .max, "rate": .rate, "count": .count,
    ]

    /// Words people reach for, mapped to the aggregation they meant.
    static let aliases: [String: String] = [
        "mean": "avg", "average": "avg", "median": "p50", "minimum": "min", "maximum": "max",
    ]
}

/// How an observation is compared with a threshold's limit.
public enum ThresholdComparator: String, Sendable, Hashable, CaseIterable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="

    /// Whether `observed` satisfies the comparison with `limit`.
    public func holds(_ observed: Double, _ limit: Double) -> Bool {
        switch self {
        case .less: observed < limit
        case .lessOrEqual: observed <= limit
        case .greater: observed > limit
        case .greaterOrEqual: observed >= limit
        case .equal: observed == limit
        case .notEqual: observed != limit
        }
    }

    /// Misspellings with an obvious intent.
    static let aliases: [String: ThresholdComparator] = [
        "=": .equal, "=<": .lessOrEqual, "=>": .greaterOrEqual, "<>": .notEqual, "=!": .notEqual,
    ]
}
