import PreflightMetrics
import PreflightPlan

/// Answers threshold questions from a load run's measurements: the bridge between the pure
/// threshold evaluator and the engine's histograms and counters.
///
/// Measurements are kept per step, so flow, step and target filters select steps exactly.
/// Status and category filters narrow what is counted (`errors{category:http_5xx} rate` is the
/// share of all selected requests that were 5xx); latency is not kept per status, so a latency
/// threshold with such a filter has no data and fails, saying so. Dropped iterations are kept
/// per flow, so `dropped_iterations{flow:checkout}` counts that flow's only.
public struct LoadMetricsSource: ThresholdMetricSource {
    public var plan: Plan
    public var measurements: LoadMeasurements
    /// Seconds the measurements cover, for rates per second.
    public var seconds: Double
    /// Iterations dropped and called for, by flow index, over the same seconds.
    public var droppedByFlow: [Int: UInt64]
    public var intendedByFlow: [Int: UInt64]

    public init(plan: Plan, measurements: LoadMeasurements, seconds: Double, droppedByFlow: [Int: UInt64], intendedByFlow: [Int: UInt64]) {
        self.plan = plan
        self.measurements = measurements
        self.seconds = seconds
        self.droppedByFlow = droppedByFlow
        self.intendedByFlow = intendedByFlow
    }

    public func observe(_ metric: ThresholdMetric, filters: [ThresholdFilter], aggregation: ThresholdAggregation) -> Double? {
        let narrowing = filters.filter { if case .status = $0 { true } else if case .category = $0 { true } else { false } }
        switch metric {
        case .droppedIterations:
            let flows = plan.flows.indices.filter { index in filters.allSatisfy { selects($0, flow: plan.flows[index], step: nil) } }
            let intended = flows.reduce(UInt64(0)) { $0 + (intendedByFlow[$1] ?? 0) }
            let dropped = flows.reduce(UInt64(0)) { $0 + (droppedByFlow[$1] ?? 0) }
            guard intended > 0 else { return nil }
            return aggregation == .rate ? perSecond(dropped) : Double(dropped)
        case .flowDuration:
            guard narrowing.isEmpty else { return nil }
            var histogram = LatencyHistogram()
            for (index, flow) in plan.flows.enumerated() where filters.allSatisfy({ selects($0, flow: flow, step: nil) }) {
                histogram.merge(measurements.flows[index].duration)
            }
            return latency(histogram, aggregation)
        case .httpReqDuration, .httpReqServiceDuration, .httpReqDNS, .httpReqConnect, .httpReqTLS, .httpReqTTFB:
            guard narrowing.isEmpty else { return nil }
            let selected = selectedSteps(filters)
            var histogram = LatencyHistogram()
            for step in selected { histogram.merge(Self.histogram(metric, of: step)) }
            return latency(histogram, aggregation)
        case .errors, .requests:
            let selected = selectedSteps(filters)
            let requests = selected.reduce(UInt64(0)) { $0 + $1.statistics.count }
            guard requests > 0 else { return nil }
            let counted = selected.reduce(UInt64(0)) { $0 + count(in: $1, metric: metric, narrowing: narrowing) }
            switch (metric, aggregation) {
            case (.errors, .rate): return Double(counted) / Double(requests)
            case (_, .rate): return perSecond(counted)
            default: return Double(counted)
            }
        case .checks:
            let selected = selectedSteps(filters)
            let total = selected.reduce(UInt64(0)) { $0 + $1.checksTotal }
            let passed = selected.reduce(UInt64(0)) { $0 + $1.checksPassed }
            guard total > 0 else { return nil }
            return aggregation == .rate ? Double(passed) / Double(total) : Double(passed)
        }
    }

    /// Requests of a step that count for `errors` or `requests` under status/category filters:
    /// exact, since every request is kept by its status and category.
    private func count(in step: StepMeasurements, metric: ThresholdMetric, narrowing: [ThresholdFilter]) -> UInt64 {
        step.outcomes.reduce(UInt64(0)) { total, entry in
            let outcome = entry.key
            if metric == .errors, outcome.category == .ok { return total }
            let kept = narrowing.allSatisfy { filter in
                switch filter {
                case .category(let category): outcome.category == category
                case .status(let status): outcome.status != 0 && status.contains(outcome.status)
                default: true
                }
            }
            return kept ? total + entry.value : total
        }
    }

    private func selectedSteps(_ filters: [ThresholdFilter]) -> [StepMeasurements] {
        var selected: [StepMeasurements] = []
        for (flowIndex, flow) in plan.flows.enumerated() {
            for (stepIndex, step) in flow.steps.enumerated() where filters.allSatisfy({ selects($0, flow: flow, step: step) }) {
                selected.append(measurements.flows[flowIndex].steps[stepIndex])
            }
        }
        return selected
    }

    /// Whether a flow/step/target filter keeps this step; status and category filters keep everything here.
    private func selects(_ filter: ThresholdFilter, flow: Flow, step: Step?) -> Bool {
        switch filter {
        case .flow(let name): return name == flow.name
        case .step(let name): return step.map { name == $0.name || name == "\(flow.name)/\($0.name)" } ?? false
        case .target(let name): return step.map { plan.targetName(of: $0) == name } ?? false
        case .status, .category: return true
        }
    }

    private static func histogram(_ metric: ThresholdMetric, of step: StepMeasurements) -> LatencyHistogram {
        switch metric {
        case .httpReqServiceDuration: step.statistics.total
        case .httpReqDNS: step.statistics.dns
        case .httpReqConnect: step.statistics.connect
        case .httpReqTLS: step.statistics.tls
        case .httpReqTTFB: step.statistics.firstByte
        default: step.corrected
        }
    }

    private func latency(_ histogram: LatencyHistogram, _ aggregation: ThresholdAggregation) -> Double? {
        guard histogram.count > 0 else { return nil }
        switch aggregation {
        case .percentile(let percentile): return Double(histogram.micros(atPercentile: percentile)) / 1000
        case .avg: return histogram.summary.meanMs
        case .min: return histogram.summary.minMs
        case .max: return histogram.summary.maxMs
        case .count: return Double(histogram.count)
        case .rate: return perSecond(histogram.count)
        }
    }

    private func perSecond(_ count: UInt64) -> Double {
        seconds > 0 ? Double(count) / seconds : 0
    }
}
