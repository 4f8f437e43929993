import CPreflightCurl
import Dispatch
import Foundation
import Synchronization

/// One thread driving one curl multi handle, running many transfers concurrently.
///
/// Why: a load generator must hold thousands of requests in flight without a thread per request
/// and without blocking calls. Each loop sleeps in its ``LoopPoller`` (epoll, through curl's
/// multi_socket API) until one of curl's sockets is ready, a curl timeout is due, one of its own
/// timers is due (``LoopClock``: the open model's arrivals), or another thread hands it work
/// (``LoopWakeup``); the multi handle's connection cache gives keep-alive reuse between the
/// transfers of the same loop.
///
/// Other threads only touch the mailbox (behind a `Mutex`: requests and timers) and signal the
/// wake-up; every curl call, the handle pool, the timers and all `CurlTransfer`s are confined to
/// the loop thread.
final class CurlEventLoop: Sendable {
    /// A request and where its result goes.
    private struct Transfer: Sendable {
        var request: HTTPRequest
        var completion: @Sendable (HTTPResult) -> Void
    }

    /// Work handed over by other threads.
    private enum Job: Sendable {
        case transfer(Transfer)
        case timer(any LoopTimer)
    }

    /// Upper bound on one sleep; shortened whenever a curl timeout or a timer is due sooner.
    private static let pollTimeoutMillis: Int32 = 1000

    /// Signalled from other threads only under the mailbox lock while the phase is not `.stopped`,
    /// so never after the loop has closed it.
    private let wakeup: LoopWakeup
    private let maxBodyBytes: Int
    private let maxActiveTransfers: Int?
    private let plainHTTP: Bool
    private let mailbox = Mutex(LoopMailbox<Job>())
    /// Submitted and not yet completed.
    private let pending = Atomic<Int>(0)
    private let loopThread = Mutex<Thread?>(nil)
    /// The loop thread's pthread id, set once when it starts; 0 before.
    private let loopThreadID = Atomic<UInt>(0)
    /// Transfers submitted from the loop thread itself; touched only on that thread.
    nonisolated(unsafe) private var localJobs: [Transfer] = []
    /// Set on the loop thread when it starts winding down; read only there.
    nonisolated(unsafe) private var loopStopping = false

    private var isLoopThread: Bool {
        UInt(pthread_self()) == loopThreadID.load(ordering: .relaxed)
    }
    /// Signalled once when the loop thread has released everything.
    private let exited = DispatchSemaphore(value: 0)

    init(name: String, maxBodyBytes: Int, maxActiveTransfers: Int? = nil, plainHTTP: Bool = true) {
        guard let wakeup = LoopWakeup() else {
            // Only fails when the process is out of descriptors or memory.
            preconditionFailure("eventfd failed")
        }
        self.wakeup = wakeup
        self.maxBodyBytes = maxBodyBytes
        self.maxActiveTransfers = maxActiveTransfers
        self.plainHTTP = plainHTTP
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    var inFlight: Int { pending.load(ordering: .relaxed) }

    /// Queues a transfer; after shutdown the completion runs at once, on the calling thread.
    func submit(_ request: HTTPRequest, completion: @escaping @Sendable (HTTPResult) -> Void) {
        // A completion starting the next step of its flow runs on this loop already: no lock, no wakeup.
        if isLoopThread, !loopStopping {
            pending.add(1, ordering: .relaxed)
            localJobs.append(Transfer(request: request, completion: completion))
            return
        }
        let accepted = mailbox.withLock { box in
            switch box.deliver(.transfer(Transfer(request: request, completion: completion))) {
            case .refused:
                return false
            case .queued(let wake):
                pending.add(1, ordering: .relaxed)
                if wake { wakeup.signal() }
                return true
            }
        }
        if !accepted { completion(Self.cancelledResult()) }
    }

    /// Hands `timer` to the loop, which fires it on its own thread at the instants it asks for;
    /// a loop that is shutting down cancels it instead (at once, on the calling thread, when it
    /// no longer takes work).
    func schedule(_ timer: any LoopTimer) {
        let accepted = mailbox.withLock { box in
            switch box.deliver(.timer(timer)) {
            case .refused:
                return false
            case .queued(let wake):
                if wake { wakeup.signal() }
                return true
            }
        }
        if !accepted { timer.cancel() }
    }

    /// Wakes the loop so it asks its timers again when they are due (one was stopped early).
    func wake() {
        mailbox.withLock { box in
            if box.phase != .stopped { wakeup.signal() }
        }
    }

    /// Makes the loop refuse new work, abort its transfers and exit. Idempotent; does not wait.
    func requestStop() {
        mailbox.withLock { box in
            if box.requestStop() { wakeup.signal() }
        }
    }

    /// Waits until the loop thread has exited, unless called from that very thread (a completion
    /// may shut the transport down), where waiting would deadlock. Any number of callers may wait.
    func awaitExit() {
        let onLoopThread = loopThread.withLock { $0 === Thread.current }
        if !onLoopThread {
            exited.wait()
            exited.signal()  // let any other caller of shutdown() through as well
        }
    }

    private static func cancelledResult() -> HTTPResult {
        HTTPResult(status: nil, transportError: cancelledError)
    }

    private static let cancelledError = TransportError(
        category: .transportError, code: Int(CURLE_ABORTED_BY_CALLBACK.rawValue), message: HTTPTransport.cancelledMessage
    )

    // MARK: - Loop thread

    private func run() {
        loopThread.withLock { $0 = Thread.current }
        loopThreadID.store(UInt(pthread_self()), ordering: .relaxed)
        guard let poller = LoopPoller(wakeup: wakeup) else {
            // Only fails when the process is out of descriptors or memory.
            preconditionFailure("epoll_create1 failed")
        }
        let worker = CurlLoopWorker(poller: poller, maxBodyBytes: maxBodyBytes, maxActive: maxActiveTransfers, plainHTTP: plainHTTP) { [self] in
            pending.subtract(1, ordering: .relaxed)
        }
        let clock = LoopClock(poller: poller)
        while true {
            let (jobs, stopping) = mailbox.withLock { $0.collect() }
            if stopping {
                // Submissions are refused from now on, so `jobs` is the last of them.
                loopStopping = true
                var local = localJobs
                localJobs = []
                for job in jobs {
                    switch job {
                    case .transfer(let transfer): local.append(transfer)
                    case .timer(let timer): clock.add(timer)
                    }
                }
                for transfer in local { worker.complete(transfer.completion, with: Self.cancelledResult()) }
                worker.abortAll(with: Self.cancelledError)
                clock.cancelAll()
                break
            }
            for job in jobs {
                switch job {
                case .transfer(let transfer): worker.submit(transfer.request, completion: transfer.completion)
                case .timer(let timer): clock.add(timer)
                }
            }
            // Timers first: the iterations they start queue their first requests locally, which
            // go to curl in this same pass.
            clock.fireDue()
            // Completions may start follow-up requests; send them before sleeping, a bounded
            // number of rounds so the mailbox (and a stop request) is never starved.
            var rounds = 0
            repeat {
                let local = localJobs
                localJobs = []
                for transfer in local { worker.submit(transfer.request, completion: transfer.completion) }
                // A new transfer asks for a timeout action at once: that is what starts it.
                poller.runCurlTimeoutsIfDue()
                worker.collectFinished()
                rounds += 1
            } while !localJobs.isEmpty && rounds < 16
            worker.expireDeadlines()
            let budget = clock.sleepBudget(maxMillis: localJobs.isEmpty ? Self.pollTimeoutMillis : 0)
            if poller.wait(maxMillis: budget, timer: clock.wakeTimer, deadline: worker.plainDeadline) { clock.wakeTimerFired() }
            worker.collectFinished()
        }
        mailbox.withLock { $0.markStopped() }
        worker.releaseAll()
        poller.closeCurl()
        wakeup.close()
        loopThread.withLock { $0 = nil }
        exited.signal()
    }
}

/// libcurl, loaded and initialized once per process, the first time a request needs it.
///
/// `pf_curl_load` loads the library (dlopen) and runs `curl_global_init` under `pthread_once`;
/// a `static let` keeps the outcome, so later calls are free.
enum CurlGlobal {
    /// Why libcurl cannot be used (not installed, refused to initialize); nil when it can.
    static let loadFailure: String? = pf_curl_load().map { String(cString: $0) }
}
