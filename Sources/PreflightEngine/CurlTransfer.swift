import CPreflightCurl
import Dispatch
import PreflightMetrics
import PreflightPlan

/// One curl easy handle and everything one transfer on it accumulates: body, headers,
/// the request's header list, the error text and the caller's completion.
///
/// Why a class: curl's callbacks receive a `void *` userdata, which must point at a stable
/// object. The pointer handed to curl is *unretained*: the loop's `CurlLoopWorker` holds the
/// transfer in its table of active transfers for as long as the easy handle is inside the multi
/// handle (the only time curl calls back), so no callback sees a freed object and there is no
/// manual retain to balance. Confined to its event-loop thread, where it is reused for many
/// transfers: a transfer shaped like the handle's previous one (same method, timeouts, TLS and
/// connection settings) sets only its URL, headers and body, since curl keeps every other option
/// from one transfer to the next; any other transfer starts from `curl_easy_reset`.
final class CurlTransfer {
    /// The easy handle, owned by this object for its whole life.
    let easy: UnsafeMutableRawPointer
    /// Monotonic time at which the handle entered the multi handle.
    var sentAtNanos: UInt64 = 0

    private let maxBodyBytes: Int
    /// The loop's poller, which must hear of every socket curl closes.
    private let poller: LoopPoller
    /// Receives curl's explanation of a failure (`CURLOPT_ERRORBUFFER`).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    /// The lines `requestHeaders` was built from: an unchanged list is kept, not rebuilt.
    private var requestHeaderLines: [String] = []
    /// The shape the handle's options are set for; nil when the next transfer must reset them.
    private var configured: Shape?
    /// `CURLOPT_RESOLVE` and `CURLOPT_CONNECT_TO` lists, which curl reads until the transfer ends.
    private var resolveList: UnsafeMutablePointer<curl_slist>?
    private var connectToList: UnsafeMutablePointer<curl_slist>?
    private var completion: (@Sendable (HTTPResult) -> Void)?
    private var body: [UInt8] = []
    private var bodyTruncated = false
    private var headers: [(name: String, value: String)] = []
    /// Set by `prepare` when the request inspects TLS; the version is read while the transfer runs.
    private var inspectTLS = false
    /// This transfer hands cookies to curl's engine and reads them back.
    private var usesCookieEngine = false
    /// curl keeps an engine's cookies across `curl_easy_reset`: once a pooled handle has used
    /// it, every later transfer on the handle clears it, so no cookie passes to another iteration.
    private var cookieEngineWasUsed = false
    private var tlsVersion: String?

    /// Returns nil when curl cannot allocate an easy handle.
    init?(maxBodyBytes: Int, poller: LoopPoller) {
        guard let easy = pf_easy_init() else { return nil }
        self.easy = easy
        self.maxBodyBytes = maxBodyBytes
        self.poller = poller
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        pf_easy_cleanup(easy)
        pf_slist_free_all(requestHeaders)
        pf_slist_free_all(resolveList)
        pf_slist_free_all(connectToList)
        errorBuffer.deallocate()
    }

    /// What a transfer's options depend on besides its URL, headers and body.
    private struct Shape: Equatable {
        var method: String
        var hasBody: Bool
        var connectTimeout: Duration
        var totalTimeout: Duration
        var followRedirects: Bool
        var maxRedirects: Int
        var verifyTLS: Bool
        var connection: ConnectionSettings

        init(_ request: HTTPRequest) {
            method = request.method
            hasBody = request.body != nil
            connectTimeout = request.connectTimeout
            totalTimeout = request.totalTimeout
            followRedirects = request.followRedirects
            maxRedirects = request.maxRedirects
            verifyTLS = request.verifyTLS
            connection = request.connection
        }
    }

    /// Configures the handle for `request`: only its URL, headers and body when the handle's options
    /// already fit it, otherwise every option from a reset.
    /// - Returns: `CURLE_OK`, or the code of the first option curl refused.
    func prepare(_ request: HTTPRequest, completion: @escaping @Sendable (HTTPResult) -> Void) -> CURLcode {
        self.completion = completion
        errorBuffer[0] = 0
        // Cookies handed to curl's engine and TLS inspection (a fresh connection) set options a
        // later transfer must not inherit: those always start from a reset.
        let shape = Shape(request)
        let plain = request.cookieLines == nil && !request.inspectTLS && !cookieEngineWasUsed
        if plain, configured == shape {
            var code = pf_easy_setopt_string(easy, CURLOPT_URL, request.url)
            if code == CURLE_OK, let body = request.body { code = setBody(body) }
            if code == CURLE_OK { code = applyHeaders(of: request) }
            if code != CURLE_OK { configured = nil }
            return code
        }
        let code = configureFromReset(for: request)
        configured = code == CURLE_OK && plain ? shape : nil
        return code
    }

    private func configureFromReset(for request: HTTPRequest) -> CURLcode {
        pf_easy_reset(easy)
        releaseLists()
        let userdata = Unmanaged.passUnretained(self).toOpaque()

        var code = pf_easy_setopt_string(easy, CURLOPT_URL, request.url)
        func set(_ next: @autoclosure () -> CURLcode) {
            if code == CURLE_OK { code = next() }
        }
        set(pf_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        set(poller.attach(easy))
        set(pf_easy_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        set(pf_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(pf_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        set(pf_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.curlMilliseconds))
        set(pf_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.totalTimeout.curlMilliseconds))
        set(pf_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0))
        set(pf_easy_setopt_long(easy, CURLOPT_MAXREDIRS, request.maxRedirects))
        set(pf_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, request.verifyTLS ? 1 : 0))
        set(pf_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, request.verifyTLS ? 2 : 0))
        set(pf_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
            let length = size * count
            guard let data, let userdata else { return length }
            Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
                .receiveBody(UnsafeRawBufferPointer(start: data, count: length))
            return length
        })
        set(pf_easy_setopt_ptr(easy, CURLOPT_WRITEDATA, userdata))
        set(pf_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
            let length = size * count
            guard let data, let userdata else { return length }
            Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
                .receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
            return length
        })
        set(pf_easy_setopt_ptr(easy, CURLOPT_HEADERDATA, userdata))
        set(applyMethodAndBody(of: request))
        set(applyHeaders(of: request))
        set(applyConnection(request.connection, url: request.url))
        if cookieEngineWasUsed { set(pf_easy_setopt_string(easy, CURLOPT_COOKIELIST, "ALL")) }
        usesCookieEngine = request.cookieLines != nil
        if let lines = request.cookieLines {
            cookieEngineWasUsed = true
            set(pf_easy_setopt_string(easy, CURLOPT_COOKIEFILE, ""))
            set(pf_easy_setopt_string(easy, CURLOPT_COOKIELIST, "ALL"))
            for line in lines { set(pf_easy_setopt_string(easy, CURLOPT_COOKIELIST, line)) }
        }
        inspectTLS = request.inspectTLS
        if request.inspectTLS {
            set(pf_easy_setopt_long(easy, CURLOPT_CERTINFO, 1))
            set(pf_easy_setopt_long(easy, CURLOPT_FRESH_CONNECT, 1))
        }
        return code
    }

    /// The plan's connection settings: trusted CAs, the TLS floor, a client certificate, and the
    /// address overrides that test a new load balancer under its real name before DNS points to it.
    private func applyConnection(_ connection: ConnectionSettings, url: String) -> CURLcode {
        var code = CURLE_OK
        func set(_ next: @autoclosure () -> CURLcode) {
            if code == CURLE_OK { code = next() }
        }
        set(pf_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Self.curlHTTPVersion(connection.httpVersion, url: url)))
        if let caFile = connection.caFile { set(pf_easy_setopt_string(easy, CURLOPT_CAINFO, caFile)) }
        if let version = connection.minTLSVersion {
            let floor = version == .tls13 ? CURL_SSLVERSION_TLSv1_3 : CURL_SSLVERSION_TLSv1_2
            set(pf_easy_setopt_long(easy, CURLOPT_SSLVERSION, Int(floor)))
        }
        if let certificate = connection.clientCertificate { set(pf_easy_setopt_string(easy, CURLOPT_SSLCERT, certificate)) }
        if let key = connection.clientKey { set(pf_easy_setopt_string(easy, CURLOPT_SSLKEY, key)) }
        if !connection.resolve.isEmpty {
            resolveList = Self.list(connection.resolve)
            set(pf_easy_setopt_slist(easy, CURLOPT_RESOLVE, resolveList))
        }
        if !connection.connectTo.isEmpty {
            connectToList = Self.list(connection.connectTo)
            set(pf_easy_setopt_slist(easy, CURLOPT_CONNECT_TO, connectToList))
        }
        return code
    }

    /// curl's setting for a version choice. HTTP/2 over plain http can only be spoken with prior
    /// knowledge (h2c); over https ALPN offers it and the server picks.
    static func curlHTTPVersion(_ choice: HTTPVersionChoice, url: String) -> Int {
        switch choice {
        case .negotiated: Int(CURL_HTTP_VERSION_2TLS)
        case .http1_1: Int(CURL_HTTP_VERSION_1_1)
        case .http2: url.lowercased().hasPrefix("http://") ? Int(CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE) : Int(CURL_HTTP_VERSION_2TLS)
        }
    }

    /// Every cookie curl's engine holds after the transfer, in its cookie-file form.
    private func engineCookies() -> [String] {
        var list: UnsafeMutablePointer<curl_slist>?
        guard pf_easy_getinfo_slist(easy, CURLINFO_COOKIELIST, &list) == CURLE_OK else { return [] }
        defer { pf_slist_free_all(list) }
        var lines: [String] = []
        var node = list
        while let current = node {
            if let data = current.pointee.data { lines.append(String(cString: data)) }
            node = current.pointee.next
        }
        return lines
    }

    /// The version the final response came in, as curl reports it: `1.0`, `1.1`, `2`, `3`.
    private func usedHTTPVersion() -> String? {
        var version = 0
        guard pf_easy_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version) == CURLE_OK else { return nil }
        return switch version {
        case Int(CURL_HTTP_VERSION_1_0): "1.0"
        case Int(CURL_HTTP_VERSION_1_1): "1.1"
        case Int(CURL_HTTP_VERSION_2_0): "2"
        case Int(CURL_HTTP_VERSION_3): "3"
        default: nil
        }
    }

    private static func list(_ entries: [String]) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        for entry in entries { list = pf_slist_append(list, entry) ?? list }
        return list
    }

    /// HEAD never carries a body; any other method with a body sends it as-is (binary-safe).
    private func applyMethodAndBody(of request: HTTPRequest) -> CURLcode {
        if request.method == "HEAD" {
            return pf_easy_setopt_long(easy, CURLOPT_NOBODY, 1)
        }
        if let body = request.body {
            var code = setBody(body)
            if code == CURLE_OK, request.method != "POST" {
                code = pf_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)
            }
            return code
        }
        if request.method == "GET" { return CURLE_OK }
        return pf_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method)
    }

    /// COPYPOSTFIELDS copies exactly POSTFIELDSIZE bytes now, so the array need not outlive this
    /// call; an empty body still needs a valid pointer.
    private func setBody(_ body: [UInt8]) -> CURLcode {
        let code = pf_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        guard code == CURLE_OK else { return code }
        var bytes = body.isEmpty ? [0] : body
        return bytes.withUnsafeMutableBytes {
            pf_easy_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress)
        }
    }

    /// Sets the request's header list, keeping the handle's current one when the lines are the same.
    private func applyHeaders(of request: HTTPRequest) -> CURLcode {
        var lines = request.headers.map { header in
            // "Name:" would make curl drop the header; "Name;" is curl's spelling for an empty value.
            header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)"
        }
        let setsExpect = request.headers.contains { $0.name.isSameHeaderName("Expect") }
        if request.body != nil, !setsExpect {
            // Otherwise curl waits up to a second for "100 Continue" before sending larger bodies.
            lines.append("Expect:")
        }
        if lines == requestHeaderLines { return CURLE_OK }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = pf_slist_append(list, line) else {
                pf_slist_free_all(list)
                return CURLE_OUT_OF_MEMORY
            }
            list = appended
        }
        // curl points at the new list before the old one is freed.
        let code = pf_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list)
        pf_slist_free_all(requestHeaders)
        requestHeaders = list
        requestHeaderLines = lines
        return code
    }

    /// Frees the lists the handle's options point at; only after a reset, or when the handle goes.
    private func releaseLists() {
        pf_slist_free_all(requestHeaders)
        requestHeaders = nil
        requestHeaderLines = []
        pf_slist_free_all(resolveList)
        resolveList = nil
        pf_slist_free_all(connectToList)
        connectToList = nil
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) {
        let room = maxBodyBytes - body.count
        if bytes.count > room { bodyTruncated = true }
        let kept = min(room, bytes.count)
        if kept > 0 { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<kept])) }
    }

    /// curl hands over one line per call: status lines, header lines and the blank line ending the block.
    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\r") || bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: bytes[..<end])
        guard !line.isEmpty else { return }
        if line.starts(with: "HTTP/".utf8) {
            // A new response (after a redirect or a 1xx): only the final response's headers count.
            headers.removeAll(keepingCapacity: true)
            // The connection's TLS session is only reachable while the transfer runs.
            if inspectTLS, tlsVersion == nil, let version = pf_tls_version(easy) { tlsVersion = String(cString: version) }
            return
        }
        if line[0] == UInt8(ascii: " ") || line[0] == UInt8(ascii: "\t") {
            // Obsolete line folding: the line continues the previous header's value.
            if !headers.isEmpty { headers[headers.count - 1].value += " " + Self.trimmed(line) }
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = Self.trimmed(UnsafeRawBufferPointer(rebasing: line[..<colon]))
        let value = Self.trimmed(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]))
        headers.append((name: name, value: value))
    }

    /// The statuses HTTP defines (RFC 9110, section 15).
    static let validStatuses = 100...599

    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> String {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }),
              let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// Builds the result of the finished transfer and clears the per-transfer state for reuse.
    /// - Parameter failure: the error to report instead of curl's own outcome (e.g. on shutdown).
    /// - Returns: the result and the completion to call with it (exactly once, by the caller).
    func finish(code: CURLcode, failure: TransportError? = nil) -> (HTTPResult, @Sendable (HTTPResult) -> Void) {
        var result = HTTPResult(status: nil, timings: timings(), sentAtNanos: sentAtNanos)
        if let failure {
            result.transportError = failure
        } else if code == CURLE_OK {
            var status = 0
            _ = pf_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            result.status = status
            result.headers = headers
            result.body = body
            result.bodyTruncated = bodyTruncated
            result.httpVersion = usedHTTPVersion()
            if usesCookieEngine { result.cookieLines = engineCookies() }
            if inspectTLS { result.tls = observedTLS() }
            if !Self.validStatuses.contains(status) {
                // curl accepts any three digits; a status HTTP does not define is a broken server, never a pass.
                result.transportError = TransportError(
                    category: .transportError, code: Int(CURLE_WEIRD_SERVER_REPLY.rawValue),
                    message: "the server answered with status \(status), outside HTTP's 100-599")
            }
        } else {
            var osErrno = 0
            _ = pf_easy_getinfo_long(easy, CURLINFO_OS_ERRNO, &osErrno)
            let detail = String(cString: errorBuffer)
            result.transportError = TransportError(
                category: CurlErrorCategory.category(for: code, osErrno: osErrno),
                code: Int(code.rawValue),
                message: CurlErrorCategory.message(for: code, detail: detail.isEmpty ? String(cString: pf_easy_strerror(code)) : detail)
            )
        }
        let completion = self.completion ?? { _ in }
        self.completion = nil
        if cookieEngineWasUsed { _ = pf_easy_setopt_string(easy, CURLOPT_COOKIELIST, "ALL") }
        usesCookieEngine = false
        inspectTLS = false
        tlsVersion = nil
        body = []
        bodyTruncated = false
        headers.removeAll(keepingCapacity: true)
        return (result, completion)
    }

    /// The negotiated version and the leaf certificate's lines, for a TLS-inspecting request.
    private func observedTLS() -> TLSObservation? {
        var lines: [String] = []
        var node = pf_leaf_certinfo(easy)
        while let current = node {
            if let data = current.pointee.data { lines.append(String(cString: data)) }
            node = current.pointee.next
        }
        guard tlsVersion != nil || !lines.isEmpty else { return nil }
        return TLSObservation(version: tlsVersion, certificateLines: lines)
    }

    /// curl's phase timestamps, each measured from the start of the transfer, in microseconds.
    private func timings() -> PhaseTimings {
        func micros(_ info: CURLINFO) -> Int64 {
            var value: curl_off_t = 0
            return pf_easy_getinfo_off_t(easy, info, &value) == CURLE_OK ? Int64(value) : 0
        }
        return PhaseTimings(
            dnsMicros: micros(CURLINFO_NAMELOOKUP_TIME_T),
            connectMicros: micros(CURLINFO_CONNECT_TIME_T),
            tlsMicros: micros(CURLINFO_APPCONNECT_TIME_T),
            firstByteMicros: micros(CURLINFO_STARTTRANSFER_TIME_T),
            totalMicros: micros(CURLINFO_TOTAL_TIME_T)
        )
    }
}

private extension Duration {
    /// A positive millisecond count for curl, where 0 would mean "no timeout at all".
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let millis = min(seconds, Int64(Int32.max)) * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(max(1, millis))
    }
}
