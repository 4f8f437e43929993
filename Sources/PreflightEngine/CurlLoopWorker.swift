import CPreflightCurl
import Dispatch

/// The state an event loop's thread owns: the transfers inside its multi handle, a pool of idle
/// ones ready for reuse, and its plain HTTP/1.1 client (``PlainHTTPClient``) for the requests
/// that need no curl.
///
/// Why a pool: creating an easy handle allocates buffers; `curl_easy_reset` on a finished one is
/// far cheaper and keeps curl's per-handle caches. Confined to the loop thread, so it needs no lock.
final class CurlLoopWorker {
    /// Idle transfers kept for reuse; beyond that they are freed, as each holds its own receive buffer.
    private static let maxIdleTransfers = 256

    private let maxBodyBytes: Int
    private let poller: LoopPoller
    /// Called once per completed submission, just before its completion runs.
    private let didComplete: () -> Void
    /// Transfers whose easy handle is inside the multi handle, keyed by that handle. Holding them
    /// here is what keeps the unretained userdata pointers given to curl valid.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idle: [CurlTransfer] = []
    /// Which requests go to curl now and which wait for a connection slot.
    private var admission: TransferAdmission<Submission>
    /// Sends the plain `http://` requests it can; nil sends everything to curl.
    private var plain: PlainHTTPClient?

    private struct Submission {
        var request: HTTPRequest
        var completion: @Sendable (HTTPResult) -> Void
    }

    init(
        poller: LoopPoller, maxBodyBytes: Int, maxActive: Int? = nil, plainHTTP: Bool,
        didComplete: @escaping () -> Void
    ) {
        self.poller = poller
        self.maxBodyBytes = maxBodyBytes
        self.admission = TransferAdmission(limit: maxActive)
        self.didComplete = didComplete
        if plainHTTP {
            plain = PlainHTTPClient(poller: poller, maxBodyBytes: maxBodyBytes) { [unowned self] result, completion in
                complete(completion, with: result)
                slotFreed()
            }
        }
    }

    /// The plain path's earliest time limit, for the loop's sleep.
    var plainDeadline: UInt64? { plain?.earliestDeadline }

    /// Reports the plain path's failures from before the network, and fails its exchanges whose
    /// time limit has passed.
    func expireDeadlines() {
        plain?.expireDeadlines()
    }

    /// Sends the request (plain path or curl), or queues it while every connection slot is busy: a queued
    /// request has not been sent, so its wait counts in corrected latency, not in service time.
    func submit(_ request: HTTPRequest, completion: @escaping @Sendable (HTTPResult) -> Void) {
        if let now = admission.submit(Submission(request: request, completion: completion)) {
            start(now.request, completion: now.completion)
        }
    }

    /// Sends the request through the plain path when it can take it, else through curl; failures
    /// to even start complete at once with a transport error.
    private func start(_ request: HTTPRequest, completion: @escaping @Sendable (HTTPResult) -> Void) {
        if let plain, let target = plain.target(for: request) {
            plain.start(request, to: target, completion: completion)
            return
        }
        let multi: UnsafeMutableRawPointer
        switch poller.curlMulti() {
        case .success(let made):
            multi = made
        case .failure(let error):
            complete(completion, with: HTTPResult(status: nil, transportError: error))
            slotFreed()
            return
        }
        guard let transfer = idle.popLast() ?? CurlTransfer(maxBodyBytes: maxBodyBytes, poller: poller) else {
            let error = TransportError(
                category: .transportError, code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_easy_init failed"
            )
            complete(completion, with: HTTPResult(status: nil, transportError: error))
            slotFreed()
            return
        }
        var code = transfer.prepare(request, completion: completion)
        if code == CURLE_OK {
            transfer.sentAtNanos = DispatchTime.now().uptimeNanoseconds
            if pf_multi_add_handle(multi, transfer.easy) == CURLM_OK {
                active[transfer.easy] = transfer
                return
            }
            code = CURLE_FAILED_INIT
        }
        finish(transfer, code: code)
    }

    /// Completes every transfer curl reports as done.
    func collectFinished() {
        guard let multi = poller.multi else { return }
        var queued: Int32 = 0
        while let message = pf_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // Read before removing the handle: removal invalidates the message.
            let code = message.pointee.data.result
            guard let transfer = active.removeValue(forKey: easy) else { continue }
            _ = pf_multi_remove_handle(multi, easy)
            finish(transfer, code: code)
        }
    }

    /// Completes every active transfer with `error` without waiting for curl.
    func abortAll(with error: TransportError) {
        let queued = admission.abortAll()
        for job in queued { complete(job.completion, with: HTTPResult(status: nil, transportError: error)) }
        for (result, completion) in plain?.abortAll(with: error) ?? [] { complete(completion, with: result) }
        let aborted = active.values
        active.removeAll()
        for transfer in aborted {
            if let multi = poller.multi { _ = pf_multi_remove_handle(multi, transfer.easy) }
            finish(transfer, code: CURLE_ABORTED_BY_CALLBACK, failure: error)
        }
    }

    /// Frees every easy handle and closes the plain path's connections; call before the poller
    /// closes curl's multi handle.
    func releaseAll() {
        plain?.releaseAll()
        plain = nil
        idle.removeAll()
    }

    func complete(_ completion: @Sendable (HTTPResult) -> Void, with result: HTTPResult) {
        didComplete()
        completion(result)
    }

    private func finish(_ transfer: CurlTransfer, code: CURLcode, failure: TransportError? = nil) {
        let (result, completion) = transfer.finish(code: code, failure: failure)
        if idle.count < Self.maxIdleTransfers { idle.append(transfer) }
        complete(completion, with: result)
        if failure == nil { slotFreed() }
    }

    /// A slot was freed: start the requests the admission rules let through now.
    private func slotFreed() {
        for next in admission.ended() { start(next.request, completion: next.completion) }
    }
}
