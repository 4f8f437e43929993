import Foundation
import PreflightEngine
import PreflightMetrics
import PreflightPlan
import Prometheus
import Synchronization

/// A running load test as Prometheus metrics, so it can be watched next to the server's own
/// dashboards: requests by flow, step and result category; latency histograms from the intended
/// send (corrected) and from the actual send (service time); the target and achieved iteration
/// rates; iterations in flight, started and dropped; scheduler lag; and each threshold's state.
///
/// Fed once per interval by the run's ticker. Counters only ever go up; ``finish(measurements:schedule:)``
/// brings them to the run's final counts, so the last scrape equals the report.
public final class LiveMetrics: Sendable {
    /// Bucket bounds (seconds) for HTTP latencies: from a loopback millisecond to a 30 s timeout,
    /// with the checklists' 500 ms and 1 s gates as bounds of their own.
    public static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    public let registry = PrometheusCollectorRegistry()
    private let plan: Plan
    private let state: Mutex<State>

    private struct StepKey: Hashable {
        var flow: Int
        var step: Int
    }

    private struct State {
        /// Windowed thresholds' gauges, made at their first full window (absent before: not yet judged).
        var windowed: [String: Gauge] = [:]
        var requests: [StepKey: [ResultCategory: Counter]] = [:]
        var exported: [StepKey: [ResultCategory: UInt64]] = [:]
        var started: UInt64 = 0
        var dropped: UInt64 = 0
    }

    private let corrected: [StepKey: ValueHistogram]
    private let service: [StepKey: ValueHistogram]
    private let targetRate: Gauge
    private let achievedRate: Gauge
    private let inFlight: Gauge
    private let lagP99: Gauge
    private let startedTotal: Counter
    private let droppedTotal: Counter
    private let thresholds: [(Threshold, Gauge)]

    public init(plan: Plan, profile: String, shard: String? = nil) {
        self.plan = plan
        var corrected: [StepKey: ValueHistogram] = [:]
        var service: [StepKey: ValueHistogram] = [:]
        for (flowIndex, flow) in plan.flows.enumerated() {
            for (stepIndex, step) in flow.steps.enumerated() {
                let key = StepKey(flow: flowIndex, step: stepIndex)
                let labels = [("flow", flow.name), ("step", step.name)]
                corrected[key] = registry.makeValueHistogram(
                    name: "preflight_request_duration_seconds", labels: labels, buckets: Self.latencyBuckets,
                    help: "Request latency from the intended send time (corrected for coordinated omission).")
                service[key] = registry.makeValueHistogram(
                    name: "preflight_request_service_duration_seconds", labels: labels, buckets: Self.latencyBuckets,
                    help: "Request latency from the actual send to the last byte.")
            }
        }
        self.corrected = corrected
        self.service = service
        targetRate = registry.makeGauge(name: "preflight_target_iterations_per_second", help: "Iterations per second the schedule asks for now.")
        achievedRate = registry.makeGauge(name: "preflight_achieved_iterations_per_second", help: "Iterations started per second over the last interval.")
        inFlight = registry.makeGauge(name: "preflight_iterations_in_flight", help: "Iterations started and not yet finished.")
        lagP99 = registry.makeGauge(name: "preflight_scheduler_lag_p99_seconds", help: "99th percentile of start lag behind the schedule, so far.")
        startedTotal = registry.makeCounter(name: "preflight_iterations_started_total", help: "Iterations started.")
        droppedTotal = registry.makeCounter(name: "preflight_iterations_dropped_total", help: "Iterations not started because the in-flight cap was reached or a shard started late.")
        let registry = self.registry
        thresholds = plan.thresholds.filter { $0.threshold.window == nil }.map { spec in
            (spec.threshold, registry.makeGauge(
                name: "preflight_threshold_passing", labels: [("threshold", spec.threshold.source.trimmingCharacters(in: .whitespaces))],
                help: "1 while the threshold holds (on the run so far, or over its latest window for a windowed one), 0 while it fails."))
        }
        var info = [("plan", plan.name), ("profile", profile)]
        if let shard { info.append(("shard", shard)) }
        registry.makeGauge(name: "preflight_run_info", labels: info, help: "The run being measured.").set(to: 1.0)
        state = Mutex(State())
    }

    /// One closed interval of the run.
    public func record(_ tick: LoadRunner.Tick) {
        for (flowIndex, flow) in tick.interval.flows.enumerated() {
            for (stepIndex, step) in flow.steps.enumerated() where step.statistics.count > 0 {
                let key = StepKey(flow: flowIndex, step: stepIndex)
                if let histogram = corrected[key] { Self.replay(step.corrected, into: histogram) }
                if let histogram = service[key] { Self.replay(step.statistics.total, into: histogram) }
            }
        }
        countRequests(upTo: tick.total)
        let started = countIterations(upTo: tick.schedule)
        if tick.point.intervalSeconds > 0 { achievedRate.set(to: Double(started) / tick.point.intervalSeconds) }
        targetRate.set(to: tick.point.targetRate)
        inFlight.set(to: Double(tick.point.inFlight))
        if tick.schedule.lag.count > 0 { lagP99.set(to: Double(tick.schedule.lag.micros(atPercentile: 99)) / 1e6) }
        let source = LoadMetricsSource(
            plan: plan, measurements: tick.total, seconds: max(tick.point.elapsedSeconds, 1e-3),
            droppedByFlow: tick.schedule.droppedByFlow, intendedByFlow: tick.schedule.intendedByFlow)
        for (threshold, gauge) in thresholds {
            gauge.set(to: ThresholdEvaluator.evaluate(threshold, source: source).passed ? 1.0 : 0.0)
        }
    }

    /// A windowed threshold's verdict over its latest full window (`passed` nil: not yet full).
    public func recordWindow(threshold expression: String, passed: Bool?) {
        guard let passed else { return }
        let gauge = state.withLock { state in
            if let gauge = state.windowed[expression] { return gauge }
            let gauge = registry.makeGauge(
                name: "preflight_threshold_passing", labels: [("threshold", expression)],
                help: "1 while the threshold holds (on the run so far, or over its latest window for a windowed one), 0 while it fails.")
            state.windowed[expression] = gauge
            return gauge
        }
        gauge.set(to: passed ? 1.0 : 0.0)
    }

    /// The run's final counts, so the last scrape equals the report's.
    public func finish(measurements: LoadMeasurements, schedule: ScheduleStatistics) {
        countRequests(upTo: measurements)
        countIterations(upTo: schedule)
        achievedRate.set(to: 0)
        inFlight.set(to: 0)
    }

    /// The page a scrape of `/metrics` gets.
    public func exposition() -> String {
        registry.emitToString()
    }

    /// Raises the request counters to `total`'s counts (they only go up).
    private func countRequests(upTo total: LoadMeasurements) {
        state.withLock { state in
            for (flowIndex, flow) in total.flows.enumerated() {
                for (stepIndex, step) in flow.steps.enumerated() {
                    let key = StepKey(flow: flowIndex, step: stepIndex)
                    for (category, count) in step.statistics.countsByCategory {
                        let already = state.exported[key]?[category] ?? 0
                        guard count > already else { continue }
                        let counter = state.requests[key]?[category] ?? registry.makeCounter(
                            name: "preflight_requests_total",
                            labels: [("flow", plan.flows[flowIndex].name), ("step", plan.flows[flowIndex].steps[stepIndex].name), ("category", category.rawValue)],
                            help: "Requests completed, by result category (ok, http_5xx, timeout...).")
                        state.requests[key, default: [:]][category] = counter
                        counter.increment(by: Int64(count - already))
                        state.exported[key, default: [:]][category] = count
                    }
                }
            }
        }
    }

    /// Raises the iteration counters to the schedule's; returns how many started since the last call.
    @discardableResult
    private func countIterations(upTo schedule: ScheduleStatistics) -> UInt64 {
        let (started, dropped) = state.withLock { state -> (UInt64, UInt64) in
            defer {
                state.started = max(state.started, schedule.startedIterations)
                state.dropped = max(state.dropped, schedule.droppedIterations)
            }
            return (schedule.startedIterations > state.started ? schedule.startedIterations - state.started : 0,
                    schedule.droppedIterations > state.dropped ? schedule.droppedIterations - state.dropped : 0)
        }
        if started > 0 { startedTotal.increment(by: Int64(started)) }
        if dropped > 0 { droppedTotal.increment(by: Int64(dropped)) }
        return started
    }

    /// Records an interval's HDR histogram into a Prometheus one, value by value.
    private static func replay(_ histogram: LatencyHistogram, into target: ValueHistogram) {
        for bucket in HistogramEncoding(histogram).buckets where bucket.count == 2 {
            let seconds = Double(bucket[0]) / 1e6
            for _ in 0..<bucket[1] { target.record(seconds) }
        }
    }
}
