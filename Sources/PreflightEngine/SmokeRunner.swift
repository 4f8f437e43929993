import PreflightMetrics
import PreflightPlan
import Synchronization

/// The post-deploy smoke step: every flow, a fixed number of times, one request at a time.
///
/// Flows run one after another in plan order so that the printed lines read as a story and a
/// failure points at one request, not at an interleaving.
public struct SmokeRunner: Sendable {
    public let plan: Plan
    public let transport: HTTPTransport
    private let stopRequested = StopFlag()

    public init(plan: Plan, transport: HTTPTransport) {
        self.plan = plan
        self.transport = transport
    }

    /// Ends the run early (SIGINT, SIGTERM): the request in flight finishes and is judged, no
    /// further step starts, and the result says it was interrupted. Safe from any thread.
    public func stop() {
        stopRequested.set()
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
                guard !stopRequested.isSet else { break outer }
                let result = await runIteration(of: flow, iteration: iteration, context: context, onStep: onStep)
                results.append(result)
                if failFast, !result.passed { break outer }
            }
        }
        return SmokeRunResult(plan: plan, iterations: results, interrupted: stopRequested.isSet)
    }

    private func runIteration(
        of flow: Flow, iteration: Int, context: RunContext, onStep: @escaping @Sendable (StepResult) -> Void
    ) async -> FlowIterationResult {
        await withCheckedContinuation { continuation in
            let stopRequested = self.stopRequested
            FlowIteration(
                flow: flow, iteration: iteration, context: context, transport: transport,
                shouldStop: { stopRequested.isSet }, onStep: onStep
            ) {
                continuation.resume(returning: $0)
            }.start()
        }
    }
}

/// A flag set once from any thread (a signal handler's queue) and read by the run.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() {
        value.store(true, ordering: .releasing)
    }

    var isSet: Bool {
        value.load(ordering: .acquiring)
    }
}
