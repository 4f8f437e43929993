/// Judges one threshold against observed data: the go/no-go decision of a load test.
///
/// Evaluation is pure so that the verdict of a run can be recomputed and tested from numbers
/// alone. A threshold with no data to judge fails: a gate that passes because nothing was
/// measured (a misspelt step, a target that never answered) would wave a broken release through.
public enum ThresholdEvaluator {
    /// `window` is the stretch of the run (seconds from its start) the source covers, for a
    /// windowed threshold: a failure then says which window failed.
    public static func evaluate(_ threshold: Threshold, source: some ThresholdMetricSource, window: ClosedRange<Double>? = nil) -> ThresholdOutcome {
        let observed = source.observe(threshold.metric, filters: threshold.selector, aggregation: threshold.aggregation)
        return ThresholdOutcome(threshold: threshold, observed: observed, window: window)
    }
}

/// The verdict on one threshold, with the sentence a report prints for it.
public struct ThresholdOutcome: Sendable, Equatable {
    public let threshold: Threshold
    /// The observation in the threshold's ``ThresholdQuantity``; nil when there was no data.
    public let observed: Double?
    public let passed: Bool
    /// For example `http_req_duration p95 < 500ms: observed 612.0 ms — failed`, or for a window
    /// `errors rate < 1% over 1m: observed 5.20% in the window 2:00-3:00 — failed`.
    public let summary: String
    /// The stretch of the run (seconds) a windowed evaluation covered.
    public let window: ClosedRange<Double>?
    /// The summary without its verdict: `http_req_duration p95 < 500ms: observed 612.0 ms`.
    private let finding: String

    init(threshold: Threshold, observed: Double?, window: ClosedRange<Double>? = nil) {
        self.threshold = threshold
        self.observed = observed
        self.window = window
        let finding: String
        if let observed, observed.isFinite {
            passed = threshold.comparator.holds(observed, threshold.value)
            finding = "observed " + threshold.quantity.format(observed)
                + (window.map { " in the window \(NumberText.clock($0.lowerBound))-\(NumberText.clock($0.upperBound))" } ?? "")
        } else if let observed {
            passed = false
            finding = "observed \(observed), which cannot be compared"
        } else {
            passed = false
            let selection = threshold.selector.map(\.description).joined(separator: ", ")
            let observations = threshold.metric.observations
            finding = selection.isEmpty
                ? "no \(observations) were recorded" : "no \(observations) matched {\(selection)}"
        }
        self.finding = "\(Self.trimmed(threshold.source)): \(finding)"
        summary = "\(self.finding) — \(passed ? "passed" : "failed")"
    }

    /// The sentence for a threshold that was not judged, e.g. `requests rate >= 40/s: observed
    /// 46.2/s — not judged: the run was aborted after 1.2 s of 12.0 s`.
    public func summary(notJudged reason: String) -> String {
        "\(finding) — not judged: \(reason)"
    }

    private static func trimmed(_ text: String) -> Substring {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map(text.index(after:)) ?? start
        return text[start..<end]
    }
}

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
