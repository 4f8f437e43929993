import CPreflightCurl

/// Work an event loop runs on its own thread at instants the work chooses: the open model's
/// arrivals for that loop, which are then started by the very thread that sends them.
///
/// Why: handing each arrival from a scheduler thread to a loop costs two thread wake-ups per
/// request, which at a go-live rate of a few hundred requests per second is most of the
/// generator's CPU. A loop that sleeps until its own next arrival wakes once per arrival.
///
/// `dueNanos` and `fire` are only called on the loop's thread; `cancel` is called there or, when
/// the loop never accepted the timer, on the thread that scheduled it.
protocol LoopTimer: AnyObject, Sendable {
    /// Monotonic nanoseconds at which `fire` should run next (0: at once); nil once the timer
    /// has nothing more to do, after which the loop forgets it.
    var dueNanos: UInt64? { get }
    /// Runs what is due at `now`.
    func fire(now: UInt64)
    /// The loop is shutting down: nothing more will fire.
    func cancel()
}

/// An event loop's timers, and how long the loop may sleep before the earliest is due: a timerfd
/// in the loop's ``LoopPoller`` is armed for that instant.
///
/// The poller's timeout is in whole milliseconds (so is curl's); the timerfd gives the loop's own
/// instants nanosecond precision, so an arrival is sent when it is due, not up to a millisecond late.
/// Confined to the loop's thread.
final class LoopClock {
    private var timers: [any LoopTimer] = []
    /// The timerfd, or -1 when the system refused one (the sleep is then cut in milliseconds).
    let wakeTimer: Int32
    /// The instant the timerfd is armed for; nil when it is not armed.
    private var armedFor: UInt64?

    init(poller: LoopPoller) {
        var timer = pf_wake_timer_open()
        if timer >= 0, !poller.watchEdges(timer) {
            pf_wake_timer_close(timer)
            timer = -1
        }
        wakeTimer = timer
    }

    deinit {
        if wakeTimer >= 0 { pf_wake_timer_close(wakeTimer) }
    }

    func add(_ timer: any LoopTimer) {
        timers.append(timer)
    }

    /// Fires every timer that is due, and forgets those with nothing more to do.
    func fireDue() {
        guard !timers.isEmpty else { return }
        let now = MonotonicClock.nanos()
        for timer in timers {
            if let due = timer.dueNanos, due <= now { timer.fire(now: now) }
        }
        timers.removeAll { $0.dueNanos == nil }
    }

    private func earliestDue() -> UInt64? {
        var earliest: UInt64?
        for timer in timers {
            if let due = timer.dueNanos, due < earliest ?? .max { earliest = due }
        }
        return earliest
    }

    func cancelAll() {
        for timer in timers { timer.cancel() }
        timers.removeAll()
    }

    /// The longest the loop may sleep, at most `maxMillis`: 0 when a timer is already due; with
    /// the timerfd armed for the earliest one (it wakes the poller), `maxMillis`.
    func sleepBudget(maxMillis: Int32) -> Int32 {
        guard maxMillis > 0, let due = earliestDue() else { return maxMillis }
        let now = MonotonicClock.nanos()
        if due <= now { return 0 }
        if wakeTimer >= 0 {
            // Arming again also clears an earlier firing; an unchanged instant is left armed.
            if armedFor != due {
                armedFor = pf_wake_timer_arm(wakeTimer, due - now) == 0 ? due : nil
            }
            if armedFor != nil { return maxMillis }
        }
        // No timerfd: whole milliseconds, rounded up so the loop is never early.
        return min(maxMillis, Int32(clamping: (due - now + 999_999) / 1_000_000))
    }

    /// The poller saw the timerfd fire: the next sleep arms it again. It is watched for edges,
    /// so it is never read (one system call less per arrival).
    func wakeTimerFired() {
        armedFor = nil
    }
}
