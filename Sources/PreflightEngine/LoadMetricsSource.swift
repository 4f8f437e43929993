import PreflightMetrics
import PreflightPlan

/// Answers threshold questions from a load run's measurements: the bridge between the pure
/// threshold evaluator and the engine's histograms and counters.
///
/// Measurements are kept per step, so flow, step and target filters select steps exactly.
/// Status and category filters narrow what is counted (`errors{category:http_5xx} rate` is the
/// share of all selected requests that were 5xx); latency is not kept per status, so a latency
/// threshold with such a filter has no data and fails, saying so.
public struct LoadMetricsSource: ThresholdMetricSource {
    public var plan: Plan
    public var measurements: LoadMeasurements
    /// Seconds the measurements cover, for rates per second.
    public var seconds: Double
    public var droppedIterations: UInt64
    public var intendedIterations: UInt64

    public init(plan: Plan, measurements: LoadMeasurements, seconds: Double, droppedIterations: UInt64, intendedIterations: UInt64) {
        self.plan = plan
        self.measurements = measurements
        self.seconds = seconds
        self.droppedIterations = droppedIterations
        self.intendedIterations = intendedIterations
    }

    public func observe(_ metric: ThresholdMetric, filters: [ThresholdFilter], aggregation: ThresholdAggregation) -> Double? {
        let narrowing = filters.filter { if case .status = $0 { true } else if case .category = $0 { true } else { false } }
        switch metric {
        case .droppedIterations:
            guard intendedIterations > 0 else { return nil }
            return aggregation == .rate ? perSecond(droppedIterations) : Double(droppedIterations)
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
            var counted: UInt64 = 0
            for step in selected {
                guard let count = count(in: step, metric: metric, narrowing: narrowing) else { return nil }
                counted += count
            }
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

    /// Requests of a step that count for `errors` or `requests` under status/category filters;
    /// nil for an exact status code, which the engine does not count separately (429 aside).
    private func count(in step: StepMeasurements, metric: ThresholdMetric, narrowing: [ThresholdFilter]) -> UInt64? {
        let categories = step.statistics.countsByCategory
        var counted = metric == .errors ? step.statistics.failures : step.statistics.count
        for filter in narrowing {
            switch filter {
            case .category(let category):
                counted = min(counted, categories[category] ?? 0)
            case .status(.statusClass(let hundreds)):
                counted = min(counted, step.statusClasses[hundreds] ?? 0)
            case .status(.code(429)):
                counted = min(counted, categories[.rateLimited] ?? 0)
            case .status(.code):
                return nil
            default:
                break
            }
        }
        return counted
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
        case .target(let name): return step.map { ($0.target ?? plan.defaults.target ?? plan.targets.keys.sorted().first) == name } ?? false
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
