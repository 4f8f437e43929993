import Glibc

/// Where a plain `http://` request to a literal IP address goes, and the request bytes that ask
/// for it: the part of a URL the plain HTTP/1.1 path (``PlainHTTPClient``) needs.
///
/// Why only literal addresses: a host name needs a resolver that does not block the event loop,
/// which curl has and this path does not; such requests (and every other kind) go to curl.
struct PlainHTTPTarget: Sendable, Equatable {
    /// `ADDRESS:PORT`: connections to the same key are interchangeable.
    let connectionKey: String
    /// The `Host` header's value: the host as the URL writes it, and the port unless it is 80.
    let hostHeader: String
    /// The path and query sent on the request line (`/` when the URL has no path).
    let requestTarget: String
    let address: SocketAddress

    /// nil for anything this path does not handle, which curl then takes as it does: another
    /// scheme, a host name, user info, a path with dot segments or bytes curl would rewrite or
    /// refuse (controls, spaces, non-ASCII), an IPv6 address not in its shortest spelling, a
    /// malformed port.
    init?(url: String) {
        var rest = Substring(url)
        guard rest.utf8.count > 7, rest.prefix(7).lowercased() == "http://" else { return nil }
        rest = rest.dropFirst(7)
        guard rest.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty || target.first == "?" { target = "/" + target }
        guard !authority.contains("@"), !target.contains("/.") else { return nil }

        let host: Substring
        let portText: Substring?
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            // Brackets hold IPv6 only, and curl sends the shortest spelling.
            guard host.contains(":"), SocketAddress.shortestIPv6(String(host)) == host.lowercased() else { return nil }
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.first == ":" else { return nil }
            portText = after.isEmpty ? nil : after.dropFirst()
        } else {
            let colon = authority.firstIndex(of: ":")
            host = colon.map { authority[..<$0] } ?? authority
            portText = colon.map { authority[authority.index(after: $0)...] }
        }
        var port = 80
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCIIDigit),
                  let value = Int(portText), (1...65535).contains(value)
            else { return nil }
            port = value
        }
        guard let address = SocketAddress(literal: String(host), port: UInt16(port)) else { return nil }
        self.address = address
        let shownHost = authority.first == "[" ? "[\(host)]" : String(host)
        hostHeader = port == 80 ? shownHost : "\(shownHost):\(port)"
        connectionKey = "\(shownHost):\(port)"
        requestTarget = target
    }

    /// The request's bytes as curl would send them: the request line, `Host` and `Accept: */*`
    /// unless the request sets them, the request's own headers, then for a body its
    /// `Content-Length` (and curl's default `Content-Type` for a body that names none).
    func requestBytes(for request: HTTPRequest) -> [UInt8] {
        var head = request.method
        head += " "
        head += requestTarget
        head += " HTTP/1.1\r\n"
        // A header the request names replaces curl's own; one whose value is only blanks removes it
        // and is not sent itself (curl's rule).
        var setsHost = false, setsAccept = false, setsType = false, setsLength = false
        for header in request.headers {
            if header.name.isSameHeaderName("Host") { setsHost = true }
            else if header.name.isSameHeaderName("Accept") { setsAccept = true }
            else if header.name.isSameHeaderName("Content-Type") { setsType = true }
            else if header.name.isSameHeaderName("Content-Length") { setsLength = true }
        }
        if !setsHost { head += "Host: \(hostHeader)\r\n" }
        if !setsAccept { head += "Accept: */*\r\n" }
        for header in request.headers {
            if header.value.isEmpty {
                head += header.name + ":\r\n"
            } else if header.value.utf8.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) {
                head += "\(header.name): \(header.value)\r\n"
            }
        }
        // HEAD never carries a body (curl's CURLOPT_NOBODY).
        let body = request.method == "HEAD" ? nil : request.body
        if let body {
            if !setsLength { head += "Content-Length: \(body.count)\r\n" }
            if !setsType { head += "Content-Type: application/x-www-form-urlencoded\r\n" }
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if let body { bytes += body }
        return bytes
    }
}

/// An IPv4 or IPv6 socket address, ready for `connect`.
struct SocketAddress: Sendable, Equatable {
    /// `inet_ntop`'s spelling of an IPv6 literal (the shortest, lowercase); nil when it is none.
    static func shortestIPv6(_ literal: String) -> String? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, literal, &address) == 1 else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return nil }
        return String(cString: text)
    }

    let family: Int32
    /// The `sockaddr_in` or `sockaddr_in6` bytes.
    let storage: [UInt8]

    init?(literal host: String, port: UInt16) {
        if host.contains(":") {
            var address = sockaddr_in6(
                sin6_family: sa_family_t(AF_INET6), sin6_port: port.bigEndian, sin6_flowinfo: 0, sin6_addr: in6_addr(), sin6_scope_id: 0)
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { return nil }
            (family, storage) = (AF_INET6, withUnsafeBytes(of: &address) { Array($0) })
        } else {
            var address = sockaddr_in(
                sin_family: sa_family_t(AF_INET), sin_port: port.bigEndian, sin_addr: in_addr(), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
            // inet_pton accepts only the dotted quad, not curl's other IPv4 spellings ("127.1").
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
            (family, storage) = (AF_INET, withUnsafeBytes(of: &address) { Array($0) })
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
