import CPreflightCurl
import Glibc
import PreflightMetrics

/// An event loop's HTTP/1.1 client for the simplest and commonest request of a load test: plain
/// `http://` to a literal address, no redirects to follow, no cookies for curl's engine, no TLS,
/// no proxy. Everything else goes to curl.
///
/// Why: libcurl's work per request (its state machine, printf-built request, header matching,
/// connection-cache walk, clock reads and a readiness `poll` or two) cost more CPU than the whole
/// of wrk's request, so on one core Preflight measured itself before the server. This path writes
/// the request with one `send`, reads the response with one `recv` and ``HTTP1ResponseParser``,
/// and keeps connections alive per address; its results, timings and failure categories are
/// those curl gives for the same exchange (tested side by side), and its TCP settings are curl's
/// defaults (`TCP_NODELAY`).
///
/// Confined to its loop's thread; its sockets are in the loop's ``LoopPoller``.
final class PlainHTTPClient {
    /// Called with every finished exchange's result and its completion, on the loop thread.
    typealias Finish = (HTTPResult, @escaping @Sendable (HTTPResult) -> Void) -> Void

    /// Idle connections kept per address, as curl's connection cache keeps them.
    private static let maxIdlePerAddress = 1024
    private static let readBufferSize = 64 * 1024

    /// One request and its response in the making; a class, so the response grows in place.
    private final class Exchange {
        let request: HTTPRequest
        let target: PlainHTTPTarget
        let bytes: [UInt8]
        var written = 0
        var parser: HTTP1ResponseParser
        let completion: @Sendable (HTTPResult) -> Void
        let startNanos: UInt64
        var connectMicros: Int64 = 0
        var firstByteMicros: Int64 = 0
        let connectDeadline: UInt64
        let deadline: UInt64
        /// Sent again on a fresh connection once, after a kept-alive one died before answering.
        var retried = false

        init(request: HTTPRequest, target: PlainHTTPTarget, maxBodyBytes: Int, completion: @escaping @Sendable (HTTPResult) -> Void) {
            self.request = request
            self.target = target
            bytes = target.requestBytes(for: request)
            parser = HTTP1ResponseParser(isHEAD: request.method == "HEAD", maxBodyBytes: maxBodyBytes)
            self.completion = completion
            startNanos = MonotonicClock.nanos()
            connectDeadline = startNanos + UInt64(max(0, request.connectTimeout.microseconds)) * 1000
            deadline = startNanos + UInt64(max(0, request.totalTimeout.microseconds)) * 1000
        }
    }

    private final class Connection {
        let socket: Int32
        let key: String
        var connected = false
        /// Has carried a whole exchange: a failure before any byte of the next answer may be a
        /// server that closed it meanwhile, worth one retry on a fresh connection (as curl does).
        var reused = false
        var exchange: Exchange?

        init(socket: Int32, key: String) {
            self.socket = socket
            self.key = key
        }
    }

    private let poller: LoopPoller
    private let maxBodyBytes: Int
    private let finish: Finish
    private var connections: [Int32: Connection] = [:]
    private var idle: [String: [Connection]] = [:]
    /// Targets of the URLs seen, so a URL is parsed once (nil: not for this path).
    private var targets: [String: PlainHTTPTarget?] = [:]
    private var readBuffer = [UInt8](repeating: 0, count: readBufferSize)
    /// No exchange's time limit passes before this instant (now, when failures wait to be reported).
    private(set) var earliestDeadline: UInt64?
    /// Exchanges that failed before reaching the network, reported on the loop's next pass.
    private var immediateFailures: [(HTTPResult, @Sendable (HTTPResult) -> Void)] = []
    /// A proxy in the environment sends everything to curl, which honours it.
    private let proxyConfigured: Bool

    init(poller: LoopPoller, maxBodyBytes: Int, finish: @escaping Finish) {
        self.poller = poller
        self.maxBodyBytes = maxBodyBytes
        self.finish = finish
        let proxyVariables: [String] = ["http_proxy", "all_proxy", "ALL_PROXY"]
        proxyConfigured = proxyVariables.contains { name in
            guard let value = getenv(name) else { return false }
            return value.pointee != 0
        }
        poller.plainSocketReady = { [unowned self] socket, events in socketReady(socket, events: events) }
    }

    /// Where `request` goes when this path can send it; nil sends it to curl.
    func target(for request: HTTPRequest) -> PlainHTTPTarget? {
        guard !proxyConfigured, !request.followRedirects, request.cookieLines == nil, !request.inspectTLS,
              request.connection.httpVersion != .http2, request.connection.resolve.isEmpty,
              request.connection.connectTo.isEmpty,
              // curl chunk-encodes a body for a request that asks for it; this path does not.
              !request.headers.contains(where: { $0.name.isSameHeaderName("Transfer-Encoding") })
        else { return nil }
        if let known = targets[request.url] { return known }
        let target = PlainHTTPTarget(url: request.url)
        if targets.count >= 1024 { targets.removeAll(keepingCapacity: true) }
        targets[request.url] = target
        return target
    }

    /// Sends `request` on an idle connection to its address, or on a new one.
    func start(_ request: HTTPRequest, to target: PlainHTTPTarget, completion: @escaping @Sendable (HTTPResult) -> Void) {
        let exchange = Exchange(request: request, target: target, maxBodyBytes: maxBodyBytes, completion: completion)
        earliestDeadline = min(earliestDeadline ?? .max, exchange.connectDeadline, exchange.deadline)
        if let connection = idle[target.connectionKey]?.popLast() {
            connection.exchange = exchange
            write(connection)
        } else {
            open(exchange)
        }
    }

    /// Completes the exchanges that failed at once (reported here, on the loop's next pass, so a
    /// queue of requests that all fail at once never recurses), then every exchange whose time
    /// limit has passed.
    func expireDeadlines() {
        let failedAtOnce = immediateFailures
        immediateFailures.removeAll()
        for (result, completion) in failedAtOnce { finish(result, completion) }
        guard let earliest = earliestDeadline else { return }
        let now = MonotonicClock.nanos()
        guard earliest <= now else { return }
        var expired: [(Connection, connecting: Bool)] = []
        var next: UInt64?
        for connection in connections.values {
            guard let exchange = connection.exchange else { continue }
            if !connection.connected, exchange.connectDeadline <= now {
                expired.append((connection, true))
            } else if exchange.deadline <= now {
                expired.append((connection, false))
            } else {
                let due = connection.connected ? exchange.deadline : min(exchange.connectDeadline, exchange.deadline)
                next = min(next ?? .max, due)
            }
        }
        // Set before failing: a failure frees a slot, and the request it starts lowers it again.
        earliestDeadline = next
        for (connection, connecting) in expired {
            guard let exchange = connection.exchange else { continue }
            let waited = (now - exchange.startNanos) / 1_000_000
            let message = connecting
                ? "Connection timed out after \(waited) milliseconds"
                : "Operation timed out after \(waited) milliseconds with \(exchange.parser.body.count) bytes received"
            fail(connection, .timeout, CURLE_OPERATION_TIMEDOUT, message)
        }
    }

    /// Ends every exchange at once with `error`; returns the results and their completions, for
    /// the caller to complete.
    func abortAll(with error: TransportError) -> [(HTTPResult, @Sendable (HTTPResult) -> Void)] {
        var aborted: [(HTTPResult, @Sendable (HTTPResult) -> Void)] = immediateFailures.map { failed, completion in
            var result = failed
            result.transportError = error
            return (result, completion)
        }
        immediateFailures.removeAll()
        for connection in Array(connections.values) {
            if let exchange = connection.exchange {
                var result = Self.failure(exchange, error.category, CURLE_ABORTED_BY_CALLBACK, error.message)
                result.transportError = error
                aborted.append((result, exchange.completion))
            }
            connection.exchange = nil
            close(connection)
        }
        earliestDeadline = nil
        return aborted
    }

    /// Closes every connection; call when the loop ends, after ``abortAll(with:)``.
    func releaseAll() {
        for connection in Array(connections.values) { close(connection) }
    }

    // MARK: - Connections

    private func open(_ exchange: Exchange) {
        let address = exchange.target.address
        let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let socket = Glibc.socket(address.family, kind, 0)
        guard socket >= 0 else {
            let reason = String(cString: strerror(errno))
            return failAtOnce(exchange, .transportError, CURLE_COULDNT_CONNECT, "could not create a socket: \(reason)")
        }
        var noDelay: Int32 = 1
        _ = setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        let connection = Connection(socket: socket, key: exchange.target.connectionKey)
        connection.exchange = exchange
        connections[socket] = connection
        let result = address.storage.withUnsafeBytes { bytes in
            Glibc.connect(socket, bytes.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(bytes.count))
        }
        if result == 0 {
            connected(connection)
        } else if errno == EINPROGRESS {
            poller.watchPlain(socket, interest: UInt8(CURL_POLL_OUT))
        } else {
            let code = errno
            connections.removeValue(forKey: socket)
            connection.exchange = nil
            poller.plainSocketClosing(socket)
            Glibc.close(socket)
            let category: ResultCategory = code == ECONNREFUSED ? .connectionRefused : .transportError
            failAtOnce(exchange, category, CURLE_COULDNT_CONNECT, Self.connectMessage(exchange, errno: code))
        }
    }

    private func failAtOnce(_ exchange: Exchange, _ category: ResultCategory, _ code: CURLcode, _ message: String) {
        immediateFailures.append((Self.failure(exchange, category, code, message), exchange.completion))
        earliestDeadline = 0
    }

    private static func connectMessage(_ exchange: Exchange, errno code: Int32) -> String {
        let peer = exchange.target.connectionKey.replacingLastColonWithPort
        return "Failed to connect to \(peer) after \(micros(since: exchange.startNanos) / 1000) ms: \(String(cString: strerror(code)))"
    }

    private func connected(_ connection: Connection) {
        connection.connected = true
        if let exchange = connection.exchange { exchange.connectMicros = Self.micros(since: exchange.startNanos) }
        write(connection)
    }

    private func connectFailed(_ connection: Connection, errno code: Int32) {
        guard let exchange = connection.exchange else { return close(connection) }
        let category: ResultCategory = code == ECONNREFUSED ? .connectionRefused : .transportError
        fail(connection, category, CURLE_COULDNT_CONNECT, Self.connectMessage(exchange, errno: code))
    }

    private func socketReady(_ socket: Int32, events: Int32) {
        guard let connection = connections[socket] else { return }
        guard connection.exchange != nil else {
            // An idle connection spoke: the server closed it (or sent what nobody asked for).
            close(connection)
            return
        }
        if !connection.connected {
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(socket, SOL_SOCKET, SO_ERROR, &code, &length) != 0 { code = errno }
            if code != 0 { return connectFailed(connection, errno: code) }
            // A stale readiness of an earlier socket with the same number must not pass for the
            // connect's end: only a socket with a peer is connected.
            var peer = sockaddr_storage()
            var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let hasPeer = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(socket, $0, &peerLength) == 0 }
            }
            if hasPeer { connected(connection) }
            return
        }
        if let exchange = connection.exchange, exchange.written < exchange.bytes.count {
            write(connection)
        } else {
            read(connection)
        }
    }

    private func write(_ connection: Connection) {
        guard let exchange = connection.exchange else { return }
        while exchange.written < exchange.bytes.count {
            let sent = exchange.bytes.withUnsafeBytes { bytes in
                let rest = UnsafeRawBufferPointer(rebasing: bytes[exchange.written...])
                return Glibc.send(connection.socket, rest.baseAddress, rest.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    poller.watchPlain(connection.socket, interest: UInt8(CURL_POLL_OUT))
                    return
                }
                if errno == EINTR { continue }
                return lost(connection, code: CURLE_SEND_ERROR, message: "Send failure: \(String(cString: strerror(errno)))")
            }
            exchange.written += sent
        }
        poller.watchPlain(connection.socket, interest: UInt8(CURL_POLL_IN))
    }

    private func read(_ connection: Connection) {
        let received = readBuffer.withUnsafeMutableBytes { buffer in
            Glibc.recv(connection.socket, buffer.baseAddress, buffer.count, 0)
        }
        if received < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
            return lost(connection, code: CURLE_RECV_ERROR, message: "Recv failure: \(String(cString: strerror(errno)))")
        }
        guard let exchange = connection.exchange else { return }
        if received == 0 {
            if exchange.parser.endOfStream() != nil { return succeed(connection, reusable: false) }
            if exchange.parser.receivedAnything {
                let missing = exchange.parser.bytesStillExpected.map { "transfer closed with \($0) bytes remaining to read" }
                return fail(connection, .connectionReset, CURLE_PARTIAL_FILE, missing ?? "the connection closed before the response ended")
            }
            return lost(connection, code: CURLE_GOT_NOTHING, message: "Empty reply from server")
        }
        if !exchange.parser.receivedAnything { exchange.firstByteMicros = Self.micros(since: exchange.startNanos) }
        let progress = readBuffer.withUnsafeBytes { buffer in
            exchange.parser.consume(UnsafeRawBufferPointer(rebasing: buffer[..<received]))
        }
        switch progress {
        case .needMore:
            return
        case .complete(let reusable):
            succeed(connection, reusable: reusable)
        case .malformed(let message):
            fail(connection, .transportError, CURLE_WEIRD_SERVER_REPLY, message)
        }
    }

    /// The connection failed before the response began: a kept-alive one gets the request again
    /// on a fresh connection, once; otherwise the peer reset or closed it.
    private func lost(_ connection: Connection, code: CURLcode, message: String) {
        guard let exchange = connection.exchange else { return close(connection) }
        if connection.reused, !exchange.retried, !exchange.parser.receivedAnything {
            connection.exchange = nil
            close(connection)
            // Nothing of the answer arrived, so the parser is as new; only the writing starts over.
            exchange.retried = true
            exchange.written = 0
            return open(exchange)
        }
        fail(connection, .connectionReset, code, message)
    }

    private func succeed(_ connection: Connection, reusable: Bool) {
        guard let exchange = connection.exchange else { return }
        connection.exchange = nil
        connection.reused = true
        if reusable, (idle[connection.key]?.count ?? 0) < Self.maxIdlePerAddress {
            idle[connection.key, default: []].append(connection)
        } else {
            close(connection)
        }
        let parser = exchange.parser
        var result = HTTPResult(
            status: parser.status, headers: parser.headers, body: parser.body, bodyTruncated: parser.bodyTruncated,
            timings: Self.timings(exchange), sentAtNanos: exchange.startNanos
        )
        result.httpVersion = parser.version
        if let status = parser.status, !CurlTransfer.validStatuses.contains(status) {
            result.transportError = TransportError(
                category: .transportError, code: Int(CURLE_WEIRD_SERVER_REPLY.rawValue),
                message: "the server answered with status \(status), outside HTTP's 100-599")
        }
        finish(result, exchange.completion)
    }

    private func fail(_ connection: Connection, _ category: ResultCategory, _ code: CURLcode, _ message: String) {
        let exchange = connection.exchange
        connection.exchange = nil
        close(connection)
        if let exchange { finish(Self.failure(exchange, category, code, message), exchange.completion) }
    }

    private func close(_ connection: Connection) {
        connections.removeValue(forKey: connection.socket)
        if var list = idle[connection.key], let index = list.firstIndex(where: { $0 === connection }) {
            list.remove(at: index)
            idle[connection.key] = list
        }
        poller.plainSocketClosing(connection.socket)
        Glibc.close(connection.socket)
    }

    private static func failure(_ exchange: Exchange, _ category: ResultCategory, _ code: CURLcode, _ message: String) -> HTTPResult {
        HTTPResult(
            status: nil, timings: timings(exchange),
            transportError: TransportError(category: category, code: Int(code.rawValue), message: message),
            sentAtNanos: exchange.startNanos
        )
    }

    private static func timings(_ exchange: Exchange) -> PhaseTimings {
        PhaseTimings(
            dnsMicros: 0, connectMicros: exchange.connectMicros, tlsMicros: 0,
            firstByteMicros: exchange.firstByteMicros, totalMicros: micros(since: exchange.startNanos)
        )
    }

    private static func micros(since start: UInt64) -> Int64 {
        Int64((MonotonicClock.nanos() &- start) / 1000)
    }
}

private extension String {
    /// `127.0.0.1:8080` as curl words it: `127.0.0.1 port 8080`.
    var replacingLastColonWithPort: String {
        guard let colon = lastIndex(of: ":") else { return self }
        return "\(self[..<colon]) port \(self[index(after: colon)...])"
    }
}
