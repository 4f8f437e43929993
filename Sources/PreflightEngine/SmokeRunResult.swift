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

    /// Statistics of each (flow, step) pair in plan order; skipped steps count nothing.
    public func statistics() -> [(flow: String, step: String, statistics: RequestStatistics)] {
        var byKey: [String: RequestStatistics] = [:]
        for iteration in iterations {
            for step in iteration.steps {
                guard let category = step.category else { continue }
                byKey[key(step.flow, step.step), default: RequestStatistics()]
                    .record(category: category, phases: step.status == nil && step.timings.totalMicros == 0 ? nil : step.timings)
            }
        }
        return plan.flows.flatMap { flow in
            flow.steps.map { (flow.name, $0.name, byKey[key(flow.name, $0.name)] ?? RequestStatistics()) }
        }
    }

    private func key(_ flow: String, _ step: String) -> String { flow + "\u{1F}" + step }
}
