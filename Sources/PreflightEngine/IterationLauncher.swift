import PreflightPlan
import Synchronization

/// Starts flow iterations on the transport, pinned to a loop, and routes their results to that
/// loop's recorder; counts how many are in flight for the cap.
final class IterationLauncher: Sendable {
    private let plan: Plan
    private let context: RunContext
    private let transport: HTTPTransport
    private let recorders: [LoopRecorder]
    private let inFlightCount = Atomic<Int>(0)

    init(plan: Plan, transport: HTTPTransport, recorders: [LoopRecorder], shard: Shard = .whole) {
        self.plan = plan
        self.context = RunContext(plan: plan, shard: shard)
        self.transport = transport
        self.recorders = recorders
    }

    var inFlight: Int { inFlightCount.load(ordering: .relaxed) }

    /// Starts iteration `number` of flow `flowIndex` on event loop `loop`; `completion` runs on
    /// that loop's thread after the iteration is recorded.
    func launch(
        flowIndex: Int, number: Int, intendedStartNanos: UInt64, loop: Int,
        completion: @escaping @Sendable () -> Void = {}
    ) {
        let loopIndex = loop % recorders.count
        let recorder = recorders[loopIndex]
        inFlightCount.add(1, ordering: .relaxed)
        FlowIteration(
            flow: plan.flows[flowIndex], iteration: number, context: context, transport: transport, eventLoop: loopIndex,
            intendedStartNanos: intendedStartNanos,
            onStep: { recorder.record($0, flowIndex: flowIndex) },
            completion: { [self] result in
                recorder.record(result, flowIndex: flowIndex)
                inFlightCount.subtract(1, ordering: .relaxed)
                completion()
            }
        ).start()
    }
}
