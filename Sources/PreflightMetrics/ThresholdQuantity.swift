/// The unit a threshold's numbers are normalized to, fixed by its metric and aggregation.
///
/// Both sides of a comparison use it: the parser converts what the author wrote (`0.5s`, `1%`,
/// `12000/m`) and a ``ThresholdMetricSource`` reports its observation in it, so a comparison never
/// mixes units.
public enum ThresholdQuantity: Sendable, Hashable {
    /// Latency in milliseconds: `p(N)`, `avg`, `min` and `max` of a latency metric.
    case milliseconds
    /// A fraction of a total between 0 and 1: `rate` of `errors` (failed / all requests) or of
    /// `checks` (passed / all checks).
    case fraction
    /// Events per second: `rate` of `requests` or `dropped_iterations`.
    case perSecond
    /// A plain number of events: `count` of a counted metric.
    case count

    /// The quantity `aggregation` of `metric` yields, or nil when that aggregation makes no
    /// sense for the metric (a percentile of errors, a rate of latencies).
    init?(metric: ThresholdMetric, aggregation: ThresholdAggregation) {
        switch (metric.isLatency, aggregation) {
        case (true, .percentile), (true, .avg), (true, .min), (true, .max): self = .milliseconds
        case (false, .count): self = .count
        case (false, .rate): self = metric == .errors || metric == .checks ? .fraction : .perSecond
        default: return nil
        }
    }

    /// How to write a value of this quantity, for hints about a wrong or missing unit.
    func howToWrite(_ subject: String, total: String) -> String {
        switch self {
        case .milliseconds: "\(subject) is a latency: give it a unit, us, ms or s, as in '500ms'"
        case .fraction:
            "\(subject) is a fraction of all \(total): write a percentage such as '1%' or a fraction such as '0.01'"
        case .perSecond: "\(subject) is a throughput: write it per second or per minute, as in '200/s' or '12000/m'"
        case .count: "\(subject) is a number of events: write a whole number without a unit, such as '10'"
        }
    }

    /// A value of this quantity for a person, as ``NumberText`` writes it everywhere:
    /// `612 ms`, `12.5 ms`, `1.25%`, `200.0/s`, `17`.
    public func format(_ value: Double) -> String {
        switch self {
        case .milliseconds: NumberText.milliseconds(value)
        case .fraction: NumberText.percent(value)
        case .perSecond: NumberText.perSecond(value)
        case .count: value.rounded() == value && abs(value) < 1e15 ? "\(Int64(value))" : "\(value)"
        }
    }
}
