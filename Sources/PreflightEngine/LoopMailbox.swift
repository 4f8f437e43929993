/// What other threads hand an event loop, and whether the loop must be woken for it: a value kept
/// under the loop's lock, so the rules (wake once per batch, refuse work once stopping, hand
/// everything over exactly once) are tested without threads or curl.
struct LoopMailbox<Job> {
    enum Phase: Equatable {
        case running
        /// Shutdown requested; the loop cancels what it holds and exits.
        case stopping
        /// The loop has exited: no wakeups any more.
        case stopped
    }

    enum Delivery: Equatable {
        /// The loop is stopping or stopped: complete the job as cancelled.
        case refused
        /// Queued; `wake` says whether this delivery must wake the loop (once per batch).
        case queued(wake: Bool)
    }

    private(set) var jobs: [Job] = []
    /// A wakeup was sent that the loop has not consumed yet: later deliveries need not send another.
    private(set) var wakePending = false
    private(set) var phase = Phase.running

    mutating func deliver(_ job: Job) -> Delivery {
        guard phase == .running else { return .refused }
        jobs.append(job)
        defer { wakePending = true }
        return .queued(wake: !wakePending)
    }

    /// Asks the loop to stop; true when it must be woken to notice.
    mutating func requestStop() -> Bool {
        guard phase == .running else { return false }
        phase = .stopping
        return true
    }

    /// Everything delivered since the last collection, and whether the loop must stop now; after
    /// a stop request this is the last batch, since nothing more is accepted.
    mutating func collect() -> (jobs: [Job], stopping: Bool) {
        var taken: [Job] = []
        swap(&taken, &jobs)
        wakePending = false
        return (taken, phase != .running)
    }

    mutating func markStopped() {
        phase = .stopped
    }
}
