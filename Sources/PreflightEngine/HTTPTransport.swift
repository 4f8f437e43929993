import Foundation
import PreflightPlan
import Synchronization

/// Sends HTTP requests through libcurl on a few event-loop threads.
///
/// Why this shape: a load test needs thousands of concurrent requests with precise timings and
/// no per-request threads. A fixed number of loops (one per core by default) each multiplex many
/// transfers over one curl multi handle and keep their connections alive between requests, so
/// pinning related requests (a flow iteration, a load worker) to one loop reuses their connections.
///
/// Sendable and safe to call from any thread. Shut it down to stop its threads; dropping the last
/// reference does so too.
public final class HTTPTransport: Sendable {
    /// The message of every transfer aborted by `shutdown()`.
    public static let cancelledMessage = "cancelled: transport shut down"

    private let loops: [CurlEventLoop]
    private let nextLoop = Atomic<UInt>(0)

    /// - Parameters:
    ///   - eventLoops: number of event-loop threads (at least one).
    ///   - maxBodyBytes: response bodies are cut at this size and flagged `bodyTruncated`.
    ///   - maxConnections: most requests on the wire at once across all loops (a fixed connection
    ///     pool, like wrk's `-c`); further requests wait in the generator, unsent. nil: no limit.
    ///   - plainHTTP: send plain `http://` requests to literal addresses through the loops' own
    ///     HTTP/1.1 client (``PlainHTTPClient``) instead of curl; false sends everything to curl.
    public init(
        eventLoops: Int = UsableCores.count, maxBodyBytes: Int = Defaults.defaultMaxBodyBytes, maxConnections: Int? = nil,
        plainHTTP: Bool = true
    ) {
        let count = max(1, eventLoops)
        let perLoop = maxConnections.map { max(1, ($0 + count - 1) / count) }
        loops = (0..<count).map { index in
            CurlEventLoop(
                name: "preflight-io-\(index)", maxBodyBytes: max(0, maxBodyBytes), maxActiveTransfers: perLoop, plainHTTP: plainHTTP
            )
        }
    }

    deinit {
        shutdown()
    }

    public var eventLoopCount: Int { loops.count }

    /// Requests submitted and not yet completed, across all loops.
    public var inFlight: Int { loops.reduce(0) { $0 + $1.inFlight } }

    /// Sends `request`; the completion receives every outcome, failures included, exactly once.
    ///
    /// The completion runs on the owning event-loop thread: keep it short and never block it.
    /// After `shutdown()` it runs at once on the calling thread with a cancellation error.
    /// - Parameter eventLoop: pins the transfer to one loop (any integer; taken modulo the loop
    ///   count) so that related requests share that loop's connections; nil spreads round-robin.
    public func send(_ request: HTTPRequest, eventLoop: Int? = nil, completion: @escaping @Sendable (HTTPResult) -> Void) {
        loop(for: eventLoop).submit(request, completion: completion)
    }

    /// Sends `request` and suspends until its result. Cancelling the task does not abort the
    /// transfer; the request's own timeouts bound the wait.
    public func send(_ request: HTTPRequest, eventLoop: Int? = nil) async -> HTTPResult {
        await withCheckedContinuation { continuation in
            send(request, eventLoop: eventLoop) { continuation.resume(returning: $0) }
        }
    }

    /// Runs `timer` on loop `eventLoop` (taken modulo the loop count), on that loop's thread.
    func schedule(_ timer: any LoopTimer, onLoop eventLoop: Int) {
        loop(for: eventLoop).schedule(timer)
    }

    /// Wakes every loop so its timers are asked again (one of them was stopped early).
    func wakeLoops() {
        for loop in loops { loop.wake() }
    }

    /// Stops accepting work, aborts in-flight transfers (they complete with a `.transportError`
    /// and `cancelledMessage`) and joins the loop threads. Idempotent. Called from a completion,
    /// it cannot join the thread it runs on; that loop finishes right after the completion returns.
    public func shutdown() {
        // Stop all loops first so they wind down in parallel, then join them.
        for loop in loops { loop.requestStop() }
        for loop in loops { loop.awaitExit() }
    }

    private func loop(for pinned: Int?) -> CurlEventLoop {
        let count = loops.count
        if let pinned {
            return loops[((pinned % count) + count) % count]
        }
        let ticket = nextLoop.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[Int(ticket % UInt(count))]
    }
}
