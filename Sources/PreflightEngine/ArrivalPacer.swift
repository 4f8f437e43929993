import Synchronization

/// One event loop's share of the open model: every L-th arrival of this process's schedule,
/// started on that loop's thread when it is due, so the request goes to curl without waking
/// another thread. Each iteration carries its intended start, so latency is measured from when
/// it should have started; above the in-flight cap an arrival is counted as dropped rather than
/// delayed, and the lag (actual minus intended start) is recorded.
///
/// Its schedule state is touched only on its loop's thread (see ``LoopTimer``); the statistics
/// are published under a lock a few times a second for the run's progress.
final class ArrivalPacer: LoopTimer, @unchecked Sendable {
    private let curve: ArrivalCurve
    private let loop: Int
    private let startNanos: UInt64
    private let missedBefore: UInt64
    private let maxInFlight: Int
    private let launcher: IterationLauncher
    private let stop: ScheduleStop
    private let finished: @Sendable () -> Void

    private var schedule: ArrivalSchedule
    private var next: ArrivalSchedule.Arrival?
    private var local = ScheduleStatistics()
    private var lastPublish: UInt64
    private var done = false
    private let published = Mutex(ScheduleStatistics())

    /// - Parameters:
    ///   - part: which arrivals of the whole run are this pacer's (the process's shard, split again per loop).
    ///   - finished: called once, when this pacer has started its last arrival, was stopped or cancelled.
    init(
        curve: ArrivalCurve, spacing: ArrivalSpacing, weights: [Double], part: Shard, loop: Int,
        startNanos: UInt64, missedBefore: UInt64, maxInFlight: Int, launcher: IterationLauncher,
        stop: ScheduleStop, finished: @escaping @Sendable () -> Void
    ) {
        self.curve = curve
        self.loop = loop
        self.startNanos = startNanos
        self.missedBefore = missedBefore
        self.maxInFlight = maxInFlight
        self.launcher = launcher
        self.stop = stop
        self.finished = finished
        schedule = ArrivalSchedule(curve: curve, spacing: spacing, weights: weights, shard: part)
        next = schedule.next()
        lastPublish = startNanos
        local.targetRate = curve.totalSeconds > 0 ? curve.totalArrivals / curve.totalSeconds / Double(part.count) : 0
        published.withLock { $0 = local }
    }

    /// Statistics so far; final once `finished` was called.
    var statistics: ScheduleStatistics { published.withLock { $0 } }

    var dueNanos: UInt64? {
        if done { return nil }
        // A stop, or the end of the schedule, is handled by the next `fire`.
        guard !stop.isRequested, let next else { return 0 }
        return startNanos + UInt64(next.offsetSeconds * 1e9)
    }

    func fire(now: UInt64) {
        guard !done else { return }
        while let arrival = next {
            let intended = startNanos + UInt64(arrival.offsetSeconds * 1e9)
            if intended < missedBefore {
                local.intendedIterations += 1
                local.intendedByFlow[arrival.flowIndex, default: 0] += 1
                local.droppedIterations += 1
                local.missedIterations += 1
                local.droppedByFlow[arrival.flowIndex, default: 0] += 1
                next = schedule.next()
                continue
            }
            // An arrival due before the stop was asked for still starts: the stop and the arrival
            // can land on the same instant (an abort decided on a whole second), and the
            // schedule up to the stop is what the run is judged on.
            if stop.isRequested, intended > stop.requestedAtNanos { break }
            guard intended <= now else {
                publishIfDue(now)
                return
            }
            local.lag.record(micros: Int64((now &- intended) / 1000))
            local.intendedIterations += 1
            local.intendedByFlow[arrival.flowIndex, default: 0] += 1
            if launcher.inFlight >= maxInFlight {
                local.droppedIterations += 1
                local.droppedByFlow[arrival.flowIndex, default: 0] += 1
            } else {
                local.startedIterations += 1
                launcher.launch(flowIndex: arrival.flowIndex, number: arrival.number, intendedStartNanos: intended, loop: loop)
            }
            next = schedule.next()
        }
        finish(now: now, cancelled: false)
    }

    /// The loop shut down: the schedule ends here, like a stop.
    func cancel() {
        guard !done else { return }
        finish(now: MonotonicClock.nanos(), cancelled: true)
    }

    /// Publishes a few times a second for live progress; the lock is otherwise untouched.
    private func publishIfDue(_ now: UInt64) {
        guard now - lastPublish > 100_000_000 else { return }
        local.scheduledSeconds = Double(now - startNanos) / 1e9
        published.withLock { $0 = local }
        lastPublish = now
    }

    private func finish(now: UInt64, cancelled: Bool) {
        done = true
        // A stopped schedule ended when the stop was asked for, not when the pacer noticed it.
        let stoppedAt = stop.requestedAtNanos
        if stop.isRequested || cancelled {
            let end = stoppedAt > 0 ? min(stoppedAt, now) : now
            local.scheduledSeconds = min(Double(max(end, startNanos) - startNanos) / 1e9, curve.totalSeconds)
        } else {
            local.scheduledSeconds = curve.totalSeconds
        }
        // The target is what this part of the schedule asked for over the part that ran: the
        // arrivals it drew there, those the pacer reached and any it was too late to reach before
        // a stop. With Poisson spacing that is the random draw, which on a short run can fall well
        // below or above the mean rate; judging the generator against the mean would blame it
        // for the dice.
        var due = local.intendedIterations
        while let arrival = next, arrival.offsetSeconds < local.scheduledSeconds {
            due += 1
            next = schedule.next()
        }
        if local.scheduledSeconds > 0 { local.targetRate = Double(due) / local.scheduledSeconds }
        published.withLock { $0 = local }
        finished()
    }
}

/// The open model's stop: asked for once, from any thread, and read by every loop's pacer.
final class ScheduleStop: Sendable {
    private let requested = Atomic<Bool>(false)
    /// When the first stop was asked for (monotonic nanoseconds), 0 before: where a stopped schedule ends.
    private let atNanos = Atomic<UInt64>(0)

    /// Returns true for the first request only.
    @discardableResult
    func request() -> Bool {
        let first = atNanos.compareExchange(expected: 0, desired: MonotonicClock.nanos(), ordering: .sequentiallyConsistent).exchanged
        requested.store(true, ordering: .sequentiallyConsistent)
        return first
    }

    var isRequested: Bool { requested.load(ordering: .sequentiallyConsistent) }
    var requestedAtNanos: UInt64 { atNanos.load(ordering: .sequentiallyConsistent) }
}
