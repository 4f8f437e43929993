import CPreflightCurl
import Glibc

/// An event loop's sleep and curl's socket interface: one epoll set holding the sockets curl asks
/// the loop to watch, the loop's wake-up timer (``LoopClock``) and the wake-up other threads
/// signal (``LoopWakeup``); readiness goes back to curl socket by socket.
///
/// Why curl's multi_socket API and not `curl_multi_perform` with `curl_multi_poll`: those walk
/// every transfer of the multi handle on each pass, and each transfer waiting for its response
/// asks the kernel again whether its socket is readable (`poll` with a zero timeout). With 50
/// connections that was three `poll` calls per request, each over every socket. Here a pass costs
/// in proportion to what is ready: `curl_multi_socket_action` runs only the transfer whose socket
/// woke, with the readiness epoll reported, and curl's timeouts run only when due.
///
/// What curl asks to watch is applied to the epoll set only just before each wait, so the changes
/// of one pass cancel out: a kept-alive connection that ends one request ("stop watching") and
/// starts the next ("watch for input") costs no system call. A connection socket curl stops
/// watching stays in the set until it reports something (then it leaves) or curl closes it. Every
/// easy handle opens and closes its connections' sockets through the poller (``attach(_:)``), so
/// the table stays true when the kernel gives a closed socket's number to a new one; any other
/// descriptor curl watches (its resolver's) leaves the set as soon as curl stops watching it.
///
/// It also owns the loop's curl multi handle, made (and libcurl loaded, ``CurlGlobal``) when the
/// first request needs curl: a run whose requests all take the plain path never loads curl.
///
/// Confined to the loop's thread. curl calls back into it (unretained) from the multi handle's
/// calls on that thread; ``closeCurl()`` ends the multi handle while it is alive.
final class LoopPoller {
    /// The most descriptors one wait reports; more ready ones are reported by the next wait.
    private static let batch = 64

    /// Enough for the connection cache to keep every connection of a busy loop alive.
    private static let maxCurlConnections = 1024

    /// nil until a request first needs curl (``curlMulti()``).
    private(set) var multi: UnsafeMutableRawPointer?
    private let epoll: Int32
    private let wakeupDescriptor: Int32
    /// When curl next needs `curl_multi_socket_action(CURL_SOCKET_TIMEOUT)`; nil when it has no timeout.
    private var curlTimeoutDue: UInt64?
    /// Per descriptor number: what curl wants watched (`CURL_POLL_IN`/`OUT` bits, 0: nothing) and
    /// what the epoll set holds; `changed` lists the descriptors whose wish changed this pass.
    private var wanted: [UInt8] = []
    private var registered: [UInt8] = []
    /// Whose each descriptor is: opened through ``attach(_:)``'s callback (curl will say when it
    /// closes it), the plain HTTP/1.1 path's, or another of curl's.
    private var kind: [SocketKind] = []
    private enum SocketKind {
        case curlOther, curlConnection, plain
    }
    /// Receives readiness of the plain HTTP/1.1 path's sockets (descriptor, CURL_CSELECT_* bits).
    var plainSocketReady: ((Int32, Int32) -> Void)?
    private var changed: [Int32] = []
    private var readyDescriptors = [Int32](repeating: 0, count: batch)
    private var readyEvents = [Int32](repeating: 0, count: batch)

    /// Returns nil when the system refuses an epoll instance.
    init?(wakeup: LoopWakeup) {
        let epoll = pf_poller_open()
        guard epoll >= 0 else { return nil }
        guard pf_poller_watch_edges(epoll, wakeup.descriptor) == 0 else {
            pf_poller_close(epoll)
            return nil
        }
        self.epoll = epoll
        wakeupDescriptor = wakeup.descriptor
    }

    /// The loop's multi handle, made on first use; nil (with the reason) when libcurl cannot be
    /// loaded or refuses, so requests that need it fail with that reason instead of the run.
    func curlMulti() -> Result<UnsafeMutableRawPointer, TransportError> {
        if let multi { return .success(multi) }
        if let failure = CurlGlobal.loadFailure { return .failure(Self.unavailable(failure)) }
        guard let made = pf_multi_init() else { return .failure(Self.unavailable("curl_multi_init failed")) }
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        var code = pf_multi_setopt_long(made, CURLMOPT_MAXCONNECTS, Self.maxCurlConnections)
        if code == CURLM_OK {
            code = pf_multi_set_socket_callback(made, { _, socket, what, userdata, _ in
                guard let userdata else { return -1 }
                Unmanaged<LoopPoller>.fromOpaque(userdata).takeUnretainedValue()
                    .curlWants(what == CURL_POLL_REMOVE ? 0 : UInt8(truncatingIfNeeded: what & CURL_POLL_INOUT), socket: socket)
                return 0
            }, userdata)
        }
        if code == CURLM_OK {
            code = pf_multi_set_timer_callback(made, { _, timeoutMillis, userdata in
                guard let userdata else { return -1 }
                Unmanaged<LoopPoller>.fromOpaque(userdata).takeUnretainedValue().curlTimerChanged(timeoutMillis)
                return 0
            }, userdata)
        }
        guard code == CURLM_OK else {
            _ = pf_multi_cleanup(made)
            return .failure(Self.unavailable("curl refused the event loop's callbacks (CURLMcode \(code.rawValue))"))
        }
        multi = made
        return .success(made)
    }

    private static func unavailable(_ reason: String) -> TransportError {
        TransportError(category: .transportError, code: Int(CURLE_FAILED_INIT.rawValue), message: reason)
    }

    /// Ends the multi handle, if there is one; curl forgets its sockets through the poller meanwhile.
    func closeCurl() {
        guard let multi else { return }
        _ = pf_multi_cleanup(multi)
        self.multi = nil
    }

    deinit {
        pf_poller_close(epoll)
    }

    /// Also watches `descriptor` (a timerfd), reporting each firing once. False when refused.
    func watchEdges(_ descriptor: Int32) -> Bool {
        pf_poller_watch_edges(epoll, descriptor) == 0
    }

    /// Makes curl open and close `easy`'s connection sockets through the poller, which so knows
    /// which descriptors are connections and when they stop being so.
    func attach(_ easy: UnsafeMutableRawPointer) -> CURLcode {
        pf_easy_set_socket_callbacks(easy, { userdata, _, address in
            guard let address else { return CURL_SOCKET_BAD }
            let socket = Glibc.socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
            if socket >= 0, let userdata {
                Unmanaged<LoopPoller>.fromOpaque(userdata).takeUnretainedValue().connectionOpened(socket)
            }
            return socket
        }, { userdata, socket in
            if let userdata { Unmanaged<LoopPoller>.fromOpaque(userdata).takeUnretainedValue().connectionClosing(socket) }
            return close(socket)
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    private func makeRoom(for socket: Int32) {
        let index = Int(socket)
        guard index >= wanted.count else { return }
        let count = max(index + 1, wanted.count * 2, 64)
        wanted += [UInt8](repeating: 0, count: count - wanted.count)
        registered += [UInt8](repeating: 0, count: count - registered.count)
        kind += [SocketKind](repeating: .curlOther, count: count - kind.count)
    }

    private func connectionOpened(_ socket: Int32, kind socketKind: SocketKind = .curlConnection) {
        makeRoom(for: socket)
        let index = Int(socket)
        wanted[index] = 0
        registered[index] = 0
        kind[index] = socketKind
    }

    /// The kernel drops a closed descriptor from the epoll set by itself.
    private func connectionClosing(_ socket: Int32) {
        let index = Int(socket)
        guard index >= 0, index < wanted.count else { return }
        wanted[index] = 0
        registered[index] = 0
        kind[index] = .curlOther
    }

    /// A socket of the plain HTTP/1.1 path, watched for `interest` (`CURL_POLL_IN`/`OUT` bits; 0
    /// leaves it in the set until it reports something or closes).
    func watchPlain(_ socket: Int32, interest: UInt8) {
        makeRoom(for: socket)
        let index = Int(socket)
        if kind[index] != .plain { connectionOpened(socket, kind: .plain) }
        if wanted[index] != interest {
            wanted[index] = interest
            changed.append(socket)
        }
    }

    /// Call just before closing a socket given to ``watchPlain(_:interest:)``.
    func plainSocketClosing(_ socket: Int32) {
        connectionClosing(socket)
    }

    private func curlWants(_ interest: UInt8, socket: Int32) {
        guard socket >= 0 else { return }
        makeRoom(for: socket)
        let index = Int(socket)
        if interest == 0, kind[index] == .curlOther {
            // Not a connection: curl may close it without telling, so it leaves the set now.
            if registered[index] != 0 { _ = pf_poller_forget(epoll, socket) }
            wanted[index] = 0
            registered[index] = 0
            return
        }
        // Only a connection's table entry is known to be true; any other is set again.
        if wanted[index] != interest || kind[index] == .curlOther {
            wanted[index] = interest
            changed.append(socket)
        }
    }

    /// Brings the epoll set in line with what curl wants; descriptors curl no longer wants stay.
    private func applyChanges() {
        for socket in changed {
            let index = Int(socket)
            let want = wanted[index]
            let have = registered[index]
            guard want != 0, want != have || kind[index] == .curlOther else { continue }
            // A refusal leaves the table saying so; the next change tries again.
            if pf_poller_watch_socket(epoll, socket, Int32(want), have == 0 ? 0 : 1) == 0 { registered[index] = want }
        }
        changed.removeAll(keepingCapacity: true)
    }

    /// curl's timer callback: -1 removes the timer, 0 asks for a timeout action at once.
    private func curlTimerChanged(_ timeoutMillis: Int) {
        curlTimeoutDue = timeoutMillis < 0 ? nil : MonotonicClock.nanos() + UInt64(timeoutMillis) * 1_000_000
    }

    /// Whole milliseconds until `due`, rounded up: waking early would only find nothing due.
    private static func millis(until due: UInt64?) -> Int32 {
        guard let due else { return .max }
        let now = MonotonicClock.nanos()
        return due <= now ? 0 : Int32(clamping: (due - now + 999_999) / 1_000_000)
    }

    /// Lets curl run its timeouts (starting new transfers, connect and transfer time limits) when due.
    func runCurlTimeoutsIfDue() {
        guard let multi, let due = curlTimeoutDue, due <= MonotonicClock.nanos() else { return }
        curlTimeoutDue = nil
        var running: Int32 = 0
        _ = pf_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running)
        if curlTimeoutDue == nil {
            // curl calls back only when its earliest timeout changes; ask, so none is ever lost.
            var millis = -1
            if pf_multi_timeout(multi, &millis) == CURLM_OK, millis >= 0 { curlTimerChanged(millis) }
        }
    }

    /// Sleeps until a watched descriptor is ready, curl's next timeout or `maxMillis` (0: only
    /// looks), then hands each ready socket to curl.
    /// - Parameter timer: the loop's wake-up timer descriptor.
    /// - Returns: whether `timer` fired.
    /// - Parameter deadline: another instant to wake at (the plain path's earliest time limit).
    func wait(maxMillis: Int32, timer: Int32, deadline: UInt64? = nil) -> Bool {
        let timeout = min(maxMillis, Self.millis(until: curlTimeoutDue), Self.millis(until: deadline))
        applyChanges()
        let count = readyDescriptors.withUnsafeMutableBufferPointer { descriptors in
            readyEvents.withUnsafeMutableBufferPointer { events in
                pf_poller_wait(epoll, descriptors.baseAddress, events.baseAddress, Int32(Self.batch), timeout)
            }
        }
        var timerFired = false
        var running: Int32 = 0
        for index in 0..<Int(max(0, count)) {
            let descriptor = readyDescriptors[index]
            if descriptor == timer {
                timerFired = true
            } else if descriptor == wakeupDescriptor {
                continue  // it only ended the wait
            } else if Int(descriptor) < kind.count, kind[Int(descriptor)] == .plain {
                plainSocketReady?(descriptor, readyEvents[index])
            } else if Int(descriptor) < wanted.count, wanted[Int(descriptor)] == 0 {
                // An idle connection curl stopped watching (closed by the server, most likely):
                // out of the set, and curl sees it when it next tries to reuse it.
                _ = pf_poller_forget(epoll, descriptor)
                registered[Int(descriptor)] = 0
            } else if let multi {
                _ = pf_multi_socket_action(multi, descriptor, readyEvents[index], &running)
            }
        }
        return timerFired
    }

}

/// Wakes an event loop from another thread (an eventfd its ``LoopPoller`` watches).
///
/// Sendable: only the descriptor, which stays open until the loop has stopped taking work; the
/// loop's mailbox guarantees no one signals after that.
struct LoopWakeup: Sendable {
    let descriptor: Int32

    /// Returns nil when the system refuses an eventfd.
    init?() {
        let descriptor = pf_wakeup_open()
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    func signal() {
        pf_wakeup_signal(descriptor)
    }

    /// Only once nothing can signal any more.
    func close() {
        pf_wakeup_close(descriptor)
    }
}
