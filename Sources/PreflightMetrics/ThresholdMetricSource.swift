/// Where a threshold's observation comes from: the load engine, over its histograms and counters.
///
/// Keeping this a protocol keeps thresholds pure: the parser and evaluator know nothing about
/// threads, clocks or curl, and tests answer with fixed numbers. For a windowed threshold
/// (`over 30s`) the caller passes a source limited to one window at a time.
public protocol ThresholdMetricSource {
    /// `aggregation` of `metric` over the observations matching every filter, in the threshold's
    /// ``ThresholdQuantity``: milliseconds for latencies, a fraction from 0 to 1
    /// for the rate of `errors` (failed / requests) and `checks` (passed / checks), events per
    /// second for the rate of `requests` and `dropped_iterations`, a plain number for counts.
    ///
    /// Return nil when nothing matched (no requests, checks or scheduled iterations in the
    /// selection), so the threshold fails as unjudgeable rather than passing on no evidence.
    /// Return 0, not nil, when there were observations but none of the counted kind: 1,000
    /// requests without a failure have an error count of 0.
    func observe(_ metric: ThresholdMetric, filters: [ThresholdFilter], aggregation: ThresholdAggregation) -> Double?
}
