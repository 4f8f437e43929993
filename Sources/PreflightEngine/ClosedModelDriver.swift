import Foundation
import Synchronization

/// A fixed number of virtual users, each running flows back to back with a think time between
/// (the closed model). The target's latency slows the arrivals down, which is why reports label
/// such runs closed-model and do not correct their latency for coordinated omission.
final class ClosedModelDriver: Sendable {
    private let users: Int
    private let duration: Duration
    private let thinkTime: Duration
    private let weights: [Double]
    private let launcher: IterationLauncher
    private let loopCount: Int
    private let stopRequested = Atomic<Bool>(false)
    /// One flow mix per event loop: a user's iterations all start on its loop, so each lock is
    /// only ever taken by that loop's thread (and each loop's share follows the weights exactly).
    private let mixes: [SharedFlowMix]
    private let started = Atomic<Int>(0)
    private let activeUsers = Atomic<Int>(0)
    private let startNanos = Atomic<UInt64>(0)
    private let finished = OneShotEvent()

    init(users: Int, duration: Duration, thinkTime: Duration, weights: [Double], launcher: IterationLauncher, loopCount: Int) {
        self.users = users
        self.duration = duration
        self.thinkTime = thinkTime
        self.weights = weights
        self.launcher = launcher
        self.loopCount = max(1, loopCount)
        self.mixes = (0..<max(1, loopCount)).map { _ in SharedFlowMix(weights: weights) }
    }

    /// Users start at `startNanos`; a closed model has no arrivals to miss, so `missedBeforeNanos` is unused.
    func start(at startNanos: UInt64, missedBeforeNanos: UInt64) {
        self.startNanos.store(startNanos, ordering: .relaxed)
        activeUsers.store(users, ordering: .relaxed)
        guard users > 0 else {
            finished.fire()
            return
        }
        for user in 0..<users { next(user: user) }
    }

    /// No new iterations after this; iterations in flight are left to the runner's drain, so a
    /// stop never waits out a think time or a slow user.
    func stop() {
        stopRequested.store(true, ordering: .relaxed)
        finished.fire()
    }

    /// Waits until every user has finished its last iteration.
    func waitUntilFinished() async {
        await finished.wait()
    }

    var hasFinished: Bool { finished.hasFired }

    var scheduleStatistics: ScheduleStatistics {
        var statistics = ScheduleStatistics()
        statistics.startedIterations = UInt64(started.load(ordering: .relaxed))
        statistics.intendedIterations = statistics.startedIterations
        let elapsed = Double(MonotonicClock.nanos() - startNanos.load(ordering: .relaxed)) / 1e9
        statistics.scheduledSeconds = min(elapsed, duration.seconds)
        return statistics
    }

    private func next(user: Int) {
        let deadline = startNanos.load(ordering: .relaxed) + UInt64(duration.seconds * 1e9)
        let now = MonotonicClock.nanos()
        guard !stopRequested.load(ordering: .relaxed), now < deadline else {
            if activeUsers.subtract(1, ordering: .relaxed).newValue == 0 { finished.fire() }
            return
        }
        let flowIndex = mixes[user % loopCount].next()
        let number = started.wrappingAdd(1, ordering: .relaxed).oldValue
        launcher.launch(flowIndex: flowIndex, number: number, intendedStartNanos: now, loop: user % loopCount) { [self] in
            if thinkTime > .zero {
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(thinkTime.seconds * 1e9))) { self.next(user: user) }
            } else {
                next(user: user)
            }
        }
    }
}

/// A flow mix behind its own lock (a `Mutex` cannot sit in an array).
private final class SharedFlowMix: Sendable {
    private let mix: Mutex<FlowMix>

    init(weights: [Double]) {
        mix = Mutex(FlowMix(weights: weights))
    }

    func next() -> Int {
        mix.withLock { $0.next() }
    }
}
