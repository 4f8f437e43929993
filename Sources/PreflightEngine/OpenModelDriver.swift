import Foundation
import PreflightPlan
import Synchronization

/// Starts iterations at the times an arrival curve dictates, whatever the target's latency
/// (the open model): a slow target gets more concurrent iterations, not fewer arrivals.
///
/// Runs on its own thread. Each iteration carries its intended start, so latency is measured
/// from when it should have started; when the in-flight cap is reached the iteration is counted
/// as dropped rather than delayed, and the driver's lag (actual minus intended start) is recorded.
final class OpenModelDriver: Sendable {
    private let curve: ArrivalCurve
    private let spacing: ArrivalSpacing
    private let weights: [Double]
    private let maxInFlight: Int
    private let shard: Shard
    private let launcher: IterationLauncher
    private let stopRequested = Atomic<Bool>(false)
    /// When the first stop was asked for (monotonic nanoseconds), 0 before: where a stopped schedule ends.
    private let stopNanos = Atomic<UInt64>(0)
    private let published = Mutex(ScheduleStatistics())
    private let done = OneShotEvent()

    init(curve: ArrivalCurve, spacing: ArrivalSpacing, weights: [Double], maxInFlight: Int, shard: Shard = .whole, launcher: IterationLauncher) {
        self.curve = curve
        self.spacing = spacing
        self.weights = weights
        self.maxInFlight = maxInFlight
        self.shard = shard
        self.launcher = launcher
    }

    /// Starts the driver thread; the schedule's time zero is `startNanos`. Arrivals due before
    /// `missedBeforeNanos` (a shard that started after the shared start time) are counted as
    /// dropped, never sent late in a burst.
    func start(at startNanos: UInt64, missedBeforeNanos: UInt64) {
        let thread = Thread { [self] in
            drive(from: startNanos, missedBefore: missedBeforeNanos)
            done.fire()
        }
        thread.name = "preflight-scheduler"
        thread.start()
    }

    /// No new iterations after this; returns at once.
    func stop() {
        _ = stopNanos.compareExchange(expected: 0, desired: MonotonicClock.nanos(), ordering: .sequentiallyConsistent)
        stopRequested.store(true, ordering: .sequentiallyConsistent)
    }

    /// Waits until the driver has issued its last iteration (or was stopped).
    func waitUntilFinished() async {
        await done.wait()
    }

    var hasFinished: Bool { done.hasFired }

    /// Statistics so far; final once `waitUntilFinished` returned.
    var scheduleStatistics: ScheduleStatistics { published.withLock { $0 } }

    private func drive(from startNanos: UInt64, missedBefore: UInt64) {
        var schedule = ArrivalSchedule(curve: curve, spacing: spacing, weights: weights, shard: shard)
        var local = ScheduleStatistics()
        local.targetRate = curve.totalSeconds > 0 ? curve.totalArrivals / curve.totalSeconds / Double(shard.count) : 0
        var lastPublish = startNanos
        var next = schedule.next()
        while !stopRequested.load(ordering: .relaxed), let arrival = next {
            let intended = startNanos + UInt64(arrival.offsetSeconds * 1e9)
            let flowIndex = arrival.flowIndex
            if intended < missedBefore {
                local.intendedIterations += 1
                local.intendedByFlow[flowIndex, default: 0] += 1
                local.droppedIterations += 1
                local.missedIterations += 1
                local.droppedByFlow[flowIndex, default: 0] += 1
                next = schedule.next()
                continue
            }
            // Sleep in short slices so a stop is honoured within 50 ms even at a slow rate.
            while !stopRequested.load(ordering: .relaxed), MonotonicClock.nanos() < intended {
                MonotonicClock.sleep(until: min(intended, MonotonicClock.nanos() + 50_000_000))
            }
            // An arrival due before the stop was asked for still starts: the stop and the arrival
            // can land on the same instant (an abort decided on a whole second), and the
            // schedule up to the stop is what the run is judged on.
            if stopRequested.load(ordering: .sequentiallyConsistent), intended > stopNanos.load(ordering: .sequentiallyConsistent) { break }
            let now = MonotonicClock.nanos()
            local.lag.record(micros: Int64((now &- intended) / 1000))
            local.intendedIterations += 1
            local.intendedByFlow[flowIndex, default: 0] += 1
            if launcher.inFlight >= maxInFlight {
                local.droppedIterations += 1
                local.droppedByFlow[flowIndex, default: 0] += 1
            } else {
                local.startedIterations += 1
                launcher.launch(flowIndex: flowIndex, number: arrival.number, intendedStartNanos: intended)
            }
            next = schedule.next()
            // Publish a few times a second for live progress; the lock is otherwise untouched.
            if now - lastPublish > 100_000_000 {
                local.scheduledSeconds = Double(now - startNanos) / 1e9
                published.withLock { $0 = local }
                lastPublish = now
            }
        }
        // A stopped schedule ended when the stop was asked for, not when the driver noticed it.
        let stoppedAt = stopNanos.load(ordering: .sequentiallyConsistent)
        let end = stoppedAt > 0 ? min(stoppedAt, MonotonicClock.nanos()) : MonotonicClock.nanos()
        local.scheduledSeconds = min(Double(max(end, startNanos) - startNanos) / 1e9, curve.totalSeconds)
        if !stopRequested.load(ordering: .sequentiallyConsistent) { local.scheduledSeconds = curve.totalSeconds }
        // The target is what this schedule (this shard's part of it) asked for over the part that
        // ran: the arrivals it drew there, those the driver reached and any it was too late to
        // reach before a stop. With Poisson spacing that is the random draw, which on a short run
        // can fall well below or above the mean rate; judging the generator against the mean
        // would blame it for the dice.
        var due = local.intendedIterations
        while let arrival = next, arrival.offsetSeconds < local.scheduledSeconds {
            due += 1
            next = schedule.next()
        }
        if local.scheduledSeconds > 0 { local.targetRate = Double(due) / local.scheduledSeconds }
        published.withLock { $0 = local }
    }
}
