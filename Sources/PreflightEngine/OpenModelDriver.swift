import PreflightPlan
import Synchronization

/// Starts iterations at the times an arrival curve dictates, whatever the target's latency
/// (the open model): a slow target gets more concurrent iterations, not fewer arrivals.
///
/// The schedule is split between the transport's event loops: each loop's ``ArrivalPacer``
/// starts every L-th arrival on that loop's own thread, sleeping until it is due. The parts add
/// up to exactly this process's schedule (the same interleaving that splits a run into shards).
final class OpenModelDriver: Sendable {
    private let curve: ArrivalCurve
    private let spacing: ArrivalSpacing
    private let weights: [Double]
    private let maxInFlight: Int
    private let shard: Shard
    private let launcher: IterationLauncher
    private let transport: HTTPTransport
    private let stopSignal = ScheduleStop()
    private let pacers = Mutex<[ArrivalPacer]>([])
    private let done = OneShotEvent()

    init(
        curve: ArrivalCurve, spacing: ArrivalSpacing, weights: [Double], maxInFlight: Int, shard: Shard = .whole,
        launcher: IterationLauncher, transport: HTTPTransport
    ) {
        self.curve = curve
        self.spacing = spacing
        self.weights = weights
        self.maxInFlight = maxInFlight
        self.shard = shard
        self.launcher = launcher
        self.transport = transport
    }

    /// Hands each loop its pacer; the schedule's time zero is `startNanos`. Arrivals due before
    /// `missedBeforeNanos` (a shard that started after the shared start time) are counted as
    /// dropped, never sent late in a burst.
    func start(at startNanos: UInt64, missedBeforeNanos: UInt64) {
        let loops = transport.eventLoopCount
        let running = Countdown(loops, then: done)
        let created = (0..<loops).map { loop in
            ArrivalPacer(
                curve: curve, spacing: spacing, weights: weights, part: shard.part(loop, of: loops), loop: loop,
                startNanos: startNanos, missedBefore: missedBeforeNanos, maxInFlight: maxInFlight, launcher: launcher,
                stop: stopSignal
            ) {
                running.countDown()
            }
        }
        pacers.withLock { $0 = created }
        for (loop, pacer) in created.enumerated() { transport.schedule(pacer, onLoop: loop) }
    }

    /// No new iterations after this; returns at once.
    func stop() {
        if stopSignal.request() { transport.wakeLoops() }
    }

    /// Waits until every pacer has issued its last iteration (or was stopped).
    func waitUntilFinished() async {
        await done.wait()
    }

    var hasFinished: Bool { done.hasFired }

    /// Statistics so far, the pacers' added up; final once `waitUntilFinished` returned.
    var scheduleStatistics: ScheduleStatistics {
        var total = ScheduleStatistics()
        for pacer in pacers.withLock({ $0 }) { total.add(pacer.statistics) }
        return total
    }
}

/// Fires an event when the last of a known number of parts has finished.
private final class Countdown: Sendable {
    private let left: Atomic<Int>
    private let event: OneShotEvent

    init(_ count: Int, then event: OneShotEvent) {
        left = Atomic(count)
        self.event = event
        if count <= 0 { event.fire() }
    }

    func countDown() {
        if left.subtract(1, ordering: .sequentiallyConsistent).newValue == 0 { event.fire() }
    }
}
