import PreflightMetrics
import PreflightPlan

/// Every iteration of a smoke run, with statistics per step derived on demand.
public struct SmokeRunResult: Sendable {
    public var plan: Plan
    public var iterations: [FlowIterationResult]
    /// True when a stop (SIGINT, SIGTERM) ended the run before every flow ran.
    public var interrupted: Bool

    public init(plan: Plan, iterations: [FlowIterationResult], interrupted: Bool = false) {
        self.plan = plan
        self.iterations = iterations
        self.interrupted = interrupted
    }

    public var passed: Bool { iterations.allSatisfy(\.passed) }

    /// What the run measured, through the same recording path as a load run's loops: by flow
    /// and step position, with one rule for what counts as sent. Skipped steps count nothing.
    public func measurements() -> LoadMeasurements {
        var measurements = LoadMeasurements(stepCounts: plan.flows.map(\.steps.count))
        let flowIndex = Dictionary(plan.flows.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for iteration in iterations {
            guard let index = flowIndex[iteration.flow] else { continue }
            measurements.record(iteration, flowIndex: index)
            for step in iteration.steps { measurements.record(step, flowIndex: index) }
        }
        return measurements
    }
}
