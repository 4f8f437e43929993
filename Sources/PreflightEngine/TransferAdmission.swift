import DequeModule

/// Which requests an event loop hands to curl now and which wait for a connection slot, as a
/// value that answers each event with what to do. Kept apart from curl so the rules (first come,
/// first served; never above the limit; nothing started once aborted) are tested directly.
///
/// A waiting request has not been sent, so its wait counts in corrected latency, not in service
/// time: that is how a fixed connection pool (wrk's `-c`) shows up honestly in the figures.
struct TransferAdmission<Job> {
    /// Most transfers inside curl at once; nil for no limit.
    let limit: Int?
    /// Transfers handed to curl and not yet ended.
    private(set) var active = 0
    /// Requests waiting for a slot, oldest first.
    private(set) var waiting = Deque<Job>()

    init(limit: Int?) {
        self.limit = limit
    }

    private var hasFreeSlot: Bool { active < (limit ?? .max) }

    /// A new request: start it now, or nil when it must wait (a slot is busy, or older requests
    /// are still waiting and must go first).
    mutating func submit(_ job: Job) -> Job? {
        guard hasFreeSlot, waiting.isEmpty else {
            waiting.append(job)
            return nil
        }
        active += 1
        return job
    }

    /// A started transfer ended (or never made it into curl): the waiting requests that take the
    /// freed slots, oldest first.
    mutating func ended() -> [Job] {
        active = max(0, active - 1)
        var starting: [Job] = []
        while hasFreeSlot, let next = waiting.popFirst() {
            active += 1
            starting.append(next)
        }
        return starting
    }

    /// Shutdown: every waiting request, to be completed as cancelled; nothing more starts, and
    /// the active transfers are forgotten (the caller aborts them).
    mutating func abortAll() -> [Job] {
        let cancelled = Array(waiting)
        waiting.removeAll()
        active = 0
        return cancelled
    }
}
