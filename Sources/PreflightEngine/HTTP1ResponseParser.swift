/// Reads one HTTP/1.x response from the bytes a connection delivers, in whatever pieces they
/// arrive: status line, headers, and a body framed by `Content-Length`, chunked coding or the
/// end of the connection (RFC 9112). Interim 1xx responses are skipped.
///
/// Why a value with no I/O: the plain HTTP/1.1 path (``PlainHTTPClient``) feeds it from its
/// sockets, and tests feed it byte by byte, split at every offset, without a server.
struct HTTP1ResponseParser {
    /// What the bytes so far amount to.
    enum Progress: Equatable {
        case needMore
        /// The response is whole; `reusable` says whether the connection may carry another request.
        case complete(reusable: Bool)
        /// The bytes are not an HTTP/1.x response (or break a limit): the connection is unusable.
        case malformed(String)
    }

    /// curl's limit on one header line (7.88 has none on their total), so both paths refuse the
    /// same responses; it bounds every line this parser holds, chunk framing and trailers included.
    static let maxLineBytes = 100 * 1024

    private enum Stage {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case done
    }

    private let isHEAD: Bool
    private let maxBodyBytes: Int
    private var stage = Stage.head
    /// An incomplete line carried over to the next bytes.
    private var partialLine: [UInt8] = []
    private var sawStatusLine = false
    private var keepAlive = true

    private(set) var status: Int?
    /// `1.1` or `1.0`.
    private(set) var version: String?
    private(set) var headers: [(name: String, value: String)] = []
    private(set) var body: [UInt8] = []
    private(set) var bodyTruncated = false
    /// Some byte of a response has arrived.
    private(set) var receivedAnything = false

    init(isHEAD: Bool, maxBodyBytes: Int) {
        self.isHEAD = isHEAD
        self.maxBodyBytes = maxBodyBytes
    }

    /// Takes the next bytes of the connection.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) -> Progress {
        if !bytes.isEmpty { receivedAnything = true }
        var offset = 0
        while true {
            switch stage {
            case .done:
                // Bytes after a whole response (a server that pipelines or misbehaves): never reuse.
                if offset < bytes.count { keepAlive = false }
                return .complete(reusable: keepAlive)
            case .fixedBody(let remaining), .chunkData(let remaining):
                let inChunk = if case .chunkData = stage { true } else { false }
                let left = takeBody(bytes, &offset, expecting: remaining)
                guard left == 0 else {
                    stage = inChunk ? .chunkData(remaining: left) : .fixedBody(remaining: left)
                    return .needMore
                }
                stage = inChunk ? .chunkDataEnd : .done
            case .untilClose:
                keep(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
                return .needMore
            case .head, .chunkSize, .chunkDataEnd, .trailers:
                guard let line = nextLine(bytes, &offset) else {
                    return partialLine.count > Self.maxLineBytes ? .malformed(tooLargeMessage) : .needMore
                }
                if line.count > Self.maxLineBytes { return .malformed(tooLargeMessage) }
                if let failure = take(line: line) { return .malformed(failure) }
            }
        }
    }

    /// The connection ended: a body that runs until the end is whole, anything else is cut.
    /// - Returns: the outcome, or nil when the response was cut short.
    mutating func endOfStream() -> Progress? {
        switch stage {
        case .untilClose, .done:
            stage = .done
            return .complete(reusable: false)
        default:
            return nil
        }
    }

    /// The bytes still expected of a body with a known length (for messages about a cut response).
    var bytesStillExpected: Int? {
        if case .fixedBody(let remaining) = stage { return remaining }
        return nil
    }

    /// Keeps up to `remaining` body bytes from `offset` on; returns how many are still expected.
    private mutating func takeBody(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int, expecting remaining: Int) -> Int {
        let taken = min(remaining, bytes.count - offset)
        keep(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + taken)]))
        offset += taken
        return remaining - taken
    }

    private mutating func keep(_ bytes: UnsafeRawBufferPointer) {
        let room = maxBodyBytes - body.count
        if bytes.count > room { bodyTruncated = true }
        let kept = min(max(room, 0), bytes.count)
        if kept > 0 { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<kept])) }
    }

    /// The next whole line without its line ending (LF, with or without CR), joined with what an
    /// earlier call left over; nil when no line ends in the rest of `bytes` (the rest is kept).
    private mutating func nextLine(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> [UInt8]? {
        let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        guard let newline = rest.firstIndex(of: UInt8(ascii: "\n")) else {
            partialLine.append(contentsOf: rest)
            offset = bytes.count
            return nil
        }
        var line = partialLine
        partialLine = []
        line.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[..<newline]))
        offset += newline + 1
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return line
    }

    /// One line of the head, of a chunk's framing or of the trailers; a message when it is broken.
    private mutating func take(line: [UInt8]) -> String? {
        switch stage {
        case .head:
            if !sawStatusLine { return takeStatusLine(line) }
            if line.isEmpty { return endOfHead() }
            takeHeader(line)
        case .chunkSize:
            guard let size = Self.chunkSize(line) else { return "invalid chunk size in a chunked response" }
            stage = size == 0 ? .trailers : .chunkData(remaining: size)
        case .chunkDataEnd:
            guard line.isEmpty else { return "a chunk of a chunked response does not end where its size says" }
            stage = .chunkSize
        case .trailers:
            if line.isEmpty { stage = .done }
        default:
            break
        }
        return nil
    }

    private mutating func takeStatusLine(_ line: [UInt8]) -> String? {
        // "HTTP/1.1 200 OK": the version, a space, three digits, then a space and a reason (or nothing).
        let text = line
        guard text.count >= 12, text.starts(with: "HTTP/1.".utf8),
              text[7] == UInt8(ascii: "0") || text[7] == UInt8(ascii: "1"), text[8] == UInt8(ascii: " "),
              text[9...11].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              text.count == 12 || text[12] == UInt8(ascii: " ")
        else {
            return "the server's reply is not an HTTP/1.x status line: \(Self.printable(line))"
        }
        sawStatusLine = true
        version = text[7] == UInt8(ascii: "1") ? "1.1" : "1.0"
        status = text[9...11].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return nil
    }

    private mutating func takeHeader(_ line: [UInt8]) {
        if line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t") {
            // Obsolete line folding: the line continues the previous header's value.
            if !headers.isEmpty { headers[headers.count - 1].value += " " + Self.trimmed(line[...]) }
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        headers.append((name: Self.trimmed(line[..<colon]), value: Self.trimmed(line[(colon + 1)...])))
    }

    /// The blank line after the headers: what frames the body, and whether the connection stays.
    private mutating func endOfHead() -> String? {
        guard let status else { return "the server's reply has no status line" }
        if (100..<200).contains(status), status != 101 {
            // An interim response (100 Continue, 103 Early Hints): the real one follows.
            restartHead()
            return nil
        }
        let connection = headerTokens("Connection")
        keepAlive = version == "1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        if status == 101 {
            keepAlive = false
            stage = .done
            return nil
        }
        if isHEAD || status == 204 || status == 304 {
            stage = .done
            return nil
        }
        let codings = headerTokens("Transfer-Encoding")
        if let last = codings.last {
            if last == "chunked" {
                stage = .chunkSize
            } else {
                keepAlive = false
                stage = .untilClose
            }
            return nil
        }
        // As curl reads it: the last Content-Length header's leading digits.
        guard let announced = headers.last(where: { $0.name.isSameHeaderName("Content-Length") })?.value else {
            keepAlive = false
            stage = .untilClose
            return nil
        }
        guard let length = Self.leadingDecimal(announced) else {
            return "the response's Content-Length is not a number: \(announced)"
        }
        stage = length == 0 ? .done : .fixedBody(remaining: length)
        return nil
    }

    private mutating func restartHead() {
        sawStatusLine = false
        status = nil
        version = nil
        headers.removeAll(keepingCapacity: true)
    }

    /// The comma-separated tokens of every header with this name, lowercased.
    private func headerTokens(_ name: String) -> [String] {
        headers.filter { $0.name.isSameHeaderName(name) }
            .flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingASCIISpaces().lowercased() }
            .filter { !$0.isEmpty }
    }

    private var tooLargeMessage: String {
        "the response headers were too large: a line over \(Self.maxLineBytes / 1024) KB, as curl refuses it"
    }

    /// As curl reads a chunk's size: the leading hex digits (at most 16); anything after them up
    /// to the line's end (extensions) is ignored.
    private static func chunkSize(_ line: [UInt8]) -> Int? {
        let digits = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.prefix { hexValue($0) != nil }
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var size: UInt64 = 0
        for byte in digits { size = size << 4 | UInt64(hexValue(byte) ?? 0) }
        return size <= UInt64(Int.max) ? Int(size) : nil
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    /// The leading decimal digits of a header value (`10abc` is 10); nil without any, or for a
    /// negative or absurd number.
    private static func leadingDecimal(_ text: String) -> Int? {
        let digits = text.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            .prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// The first 80 bytes of a broken line, control characters shown as `.`.
    private static func printable(_ line: [UInt8]) -> String {
        let shown = line.prefix(80).map { $0 >= 0x20 && $0 < 0x7F ? Character(UnicodeScalar($0)) : "." }
        return "\"" + String(shown) + (line.count > 80 ? "...\"" : "\"")
    }
}

private extension Substring {
    func trimmingASCIISpaces() -> String {
        let isBlank = { (character: Character) in character == " " || character == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
