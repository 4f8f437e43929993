import PreflightMetrics
import PreflightPlan

/// Watches thresholds while a load run is going: windowed thresholds (`over 30s`) are judged on
/// every window as it closes, and `abortOnFail` thresholds can stop the run early.
///
/// Only the last `longest window` of intervals is kept, so memory stays flat however long the
/// run. Fed from the runner's ticker, one interval at a time; not thread-safe on its own.
public struct ThresholdMonitor: Sendable {
    public struct Entry: Sendable {
        public var threshold: Threshold
        public var abortOnFail: Bool
        /// Seconds into the run before an abort may happen, so a cold start does not abort a run.
        public var abortGraceSeconds: Double
        public init(threshold: Threshold, abortOnFail: Bool, abortGraceSeconds: Double = 0) {
            self.threshold = threshold
            self.abortOnFail = abortOnFail
            self.abortGraceSeconds = abortGraceSeconds
        }
    }

    private struct Interval: Sendable {
        var measurements: LoadMeasurements
        var seconds: Double
        /// Iterations dropped and called for during this interval, by flow.
        var dropped: [Int: UInt64]
        var intended: [Int: UInt64]
    }

    public let plan: Plan
    public let entries: [Entry]
    private var recent: [Interval] = []
    /// The schedule's counts at the previous interval, to turn its running totals into per-interval ones.
    private var previousSchedule = ScheduleStatistics()
    /// The first failing window of each windowed threshold, by entry index.
    public private(set) var windowFailures: [Int: ThresholdOutcome] = [:]
    /// Each windowed threshold's outcome over its latest full window, by entry index, as of the last interval.
    public private(set) var latestWindows: [Int: ThresholdOutcome] = [:]
    /// Seconds of the run seen so far.
    private var elapsed = 0.0
    private let longestWindow: Double

    public init(plan: Plan, entries: [Entry]) {
        self.plan = plan
        self.entries = entries
        self.longestWindow = entries.compactMap { $0.threshold.window?.seconds }.max() ?? 0
    }

    /// Adds one closed interval of `seconds`; `total` is the run so far, interval included, as the
    /// runner's ticker accumulates it (the one running total of a run; the monitor keeps only the
    /// intervals its windows need). Returns the sentence of an abort-on-fail threshold that
    /// failed, if any.
    public mutating func add(
        interval: LoadMeasurements, seconds: Double, total: LoadMeasurements, elapsedSeconds: Double, schedule: ScheduleStatistics
    ) -> String? {
        if longestWindow > 0 {
            recent.append(Interval(
                measurements: interval, seconds: seconds,
                dropped: Self.difference(schedule.droppedByFlow, previousSchedule.droppedByFlow),
                intended: Self.difference(schedule.intendedByFlow, previousSchedule.intendedByFlow)
            ))
            while recent.count > 1, recent.dropFirst().reduce(0, { $0 + $1.seconds }) >= longestWindow { recent.removeFirst() }
        }
        previousSchedule = schedule
        self.elapsed = elapsedSeconds
        var abort: String?
        for (index, entry) in entries.enumerated() {
            let outcome: ThresholdOutcome
            if let window = entry.threshold.window?.seconds {
                guard let source = windowSource(seconds: window) else { continue }
                outcome = ThresholdEvaluator.evaluate(
                    entry.threshold, source: source, window: max(0, elapsedSeconds - source.seconds)...elapsedSeconds)
                latestWindows[index] = outcome
                if !outcome.passed, outcome.observed != nil, windowFailures[index] == nil {
                    windowFailures[index] = outcome
                }
            } else {
                guard entry.abortOnFail else { continue }
                outcome = ThresholdEvaluator.evaluate(entry.threshold, source: source(total, seconds: elapsedSeconds, schedule: schedule))
            }
            if entry.abortOnFail, abort == nil, !outcome.passed, outcome.observed != nil, elapsedSeconds >= entry.abortGraceSeconds {
                abort = outcome.summary
            }
        }
        return abort
    }

    /// Final outcomes: windowed thresholds fail if any window failed; others are judged on the whole run.
    public func outcomes(final measurements: LoadMeasurements, seconds: Double, schedule: ScheduleStatistics) -> [ThresholdOutcome] {
        let whole = source(measurements, seconds: seconds, schedule: schedule)
        return entries.enumerated().map { index, entry in
            if entry.threshold.window != nil {
                return windowFailures[index] ?? ThresholdEvaluator.evaluate(entry.threshold, source: whole)
            }
            return ThresholdEvaluator.evaluate(entry.threshold, source: whole)
        }
    }

    /// The figures a CI log shows for the last `seconds` of the run: requests, the error rate and
    /// p95 latency from the intended send (ms); nil before that much has been seen.
    public func windowFigures(seconds: Double) -> (requests: UInt64, errorRate: Double?, p95Ms: Double?)? {
        guard let source = windowSource(seconds: seconds) else { return nil }
        let requests = source.observe(.requests, filters: [], aggregation: .count).map { UInt64($0) } ?? 0
        return (requests, source.observe(.errors, filters: [], aggregation: .rate),
                source.observe(.httpReqDuration, filters: [], aggregation: .percentile(95)))
    }

    /// The shortest window of the plan's windowed thresholds, nil without any.
    public var shortestWindow: Double? {
        entries.compactMap { $0.threshold.window?.seconds }.min()
    }

    /// A source over the most recent `seconds`, once that much has been seen: requests and
    /// dropped iterations of those intervals only.
    private func windowSource(seconds window: Double) -> LoadMetricsSource? {
        var merged = LoadMeasurements(stepCounts: plan.flows.map(\.steps.count))
        var dropped: [Int: UInt64] = [:]
        var intended: [Int: UInt64] = [:]
        var covered = 0.0
        // Intervals are a second give or take a millisecond: a window is whole within 50 ms.
        for interval in recent.reversed() where covered < window - 0.05 {
            merged.merge(interval.measurements)
            dropped.merge(interval.dropped, uniquingKeysWith: +)
            intended.merge(interval.intended, uniquingKeysWith: +)
            covered += interval.seconds
        }
        guard covered >= window - 0.05 else { return nil }
        return LoadMetricsSource(plan: plan, measurements: merged, seconds: covered, droppedByFlow: dropped, intendedByFlow: intended)
    }

    private func source(_ measurements: LoadMeasurements, seconds: Double, schedule: ScheduleStatistics) -> LoadMetricsSource {
        LoadMetricsSource(
            plan: plan, measurements: measurements, seconds: seconds,
            droppedByFlow: schedule.droppedByFlow, intendedByFlow: schedule.intendedByFlow
        )
    }

    /// Per-flow counts added since `earlier`.
    private static func difference(_ later: [Int: UInt64], _ earlier: [Int: UInt64]) -> [Int: UInt64] {
        later.reduce(into: [:]) { result, entry in
            result[entry.key] = entry.value - min(entry.value, earlier[entry.key] ?? 0)
        }
    }
}
