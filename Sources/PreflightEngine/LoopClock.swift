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

/// An event loop's timers and the sleep between its passes: `curl_multi_poll`, woken by curl's
/// sockets and timers, by `curl_multi_wakeup`, or by a timerfd armed for the earliest timer.
///
/// curl's poll timeout is in whole milliseconds; the timerfd gives the loop's own instants
/// nanosecond precision, so an arrival is sent when it is due, not up to a millisecond late.
/// Confined to the loop's thread.
final class LoopClock {
    private var timers: [any LoopTimer] = []
    /// The timerfd, or -1 when the system refused one (the poll timeout is used instead).
    private let wakeTimer: Int32
    /// The instant the timerfd is armed for; nil when it is not armed.
    private var armedFor: UInt64?

    init() {
        wakeTimer = pf_wake_timer_open()
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

    /// Sleeps in `curl_multi_poll` until a socket or a curl timer needs the loop, a wakeup
    /// arrives, the earliest timer is due, or `maxMillis` has passed.
    func sleep(multi: UnsafeMutableRawPointer, maxMillis: Int32) {
        var timeout = maxMillis
        var watchTimer = false
        if timeout > 0, let due = earliestDue() {
            let now = MonotonicClock.nanos()
            if due <= now {
                timeout = 0
            } else if wakeTimer >= 0 {
                if armedFor != due {
                    armedFor = pf_wake_timer_arm(wakeTimer, due - now) == 0 ? due : nil
                }
                watchTimer = armedFor != nil
            }
            if !watchTimer, due > now {
                // No timerfd: whole milliseconds, rounded up so the loop is never early.
                timeout = min(timeout, Int32(clamping: (due - now + 999_999) / 1_000_000))
            }
        }
        var ready: Int32 = 0
        guard watchTimer else {
            _ = curl_multi_poll(multi, nil, 0, timeout, &ready)
            return
        }
        var extra = curl_waitfd(fd: wakeTimer, events: Int16(CURL_WAIT_POLLIN), revents: 0)
        _ = curl_multi_poll(multi, &extra, 1, timeout, &ready)
        // A fired timerfd stays readable until it is armed again, which clears it: it is only
        // watched while armed, so it is never read (one system call less per arrival).
        if extra.revents != 0 { armedFor = nil }
    }
}
