import PreflightMetrics
import PreflightPlan

/// The post-deploy smoke step: every flow, a fixed number of times, one request at a time.
///
/// Flows run one after another in plan order so that the printed lines read as a story and a
/// failure points at one request, not at an interleaving.
public struct SmokeRunner: Sendable {
    public let plan: Plan
    public let transport: HTTPTransport

    public init(plan: Plan, transport: HTTPTransport) {
        self.plan = plan
        self.transport = transport
    }

    /// - Parameters:
    ///   - iterations: how many times each flow runs.
    ///   - failFast: stop the whole run after the first failing flow iteration.
    ///   - onStep: called with each step's result as it happens, for live output.
    public func run(
        iterations: Int, failFast: Bool = false, onStep: @escaping @Sendable (StepResult) -> Void = { _ in }
    ) async -> SmokeRunResult {
        var results: [FlowIterationResult] = []
        let context = RunContext(plan: plan)
        outer: for flow in plan.flows {
            for iteration in 0..<iterations {
                let result = await runIteration(of: flow, iteration: iteration, context: context, onStep: onStep)
                results.append(result)
                if failFast, !result.passed { break outer }
            }
        }
        return SmokeRunResult(plan: plan, iterations: results)
    }

    private func runIteration(
        of flow: Flow, iteration: Int, context: RunContext, onStep: @escaping @Sendable (StepResult) -> Void
    ) async -> FlowIterationResult {
        await withCheckedContinuation { continuation in
            FlowIteration(flow: flow, iteration: iteration, context: context, transport: transport, onStep: onStep) {
                continuation.resume(returning: $0)
            }.start()
        }
    }
}
