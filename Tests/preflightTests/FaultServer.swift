import Foundation
import Glibc
import Synchronization

/// A raw-socket peer on 127.0.0.1 that misbehaves on purpose: for each connection it reads the
/// request head, then plays `script` on the socket (answer, drip, stall, reset, close...). The
/// faults a real deployment can show are provoked exactly, without any HTTP library in the way.
final class FaultServer: Sendable {
    let port: UInt16
    private let listener: Int32
    private let script: @Sendable (Int32, String) -> Void
    private let accepted = Mutex(0)
    private let heads = Mutex<[String]>([])
    private let bodies = Mutex<[[UInt8]]>([])

    var url: String { "http://127.0.0.1:\(port)" }
    var connections: Int { accepted.withLock { $0 } }
    /// The request line of every request read, in arrival order (e.g. `GET /x?y=1 HTTP/1.1`).
    var requestLines: [String] { requestHeads.map { $0.components(separatedBy: "\r\n").first ?? "" } }
    /// Every request head read (request line and headers), in arrival order.
    var requestHeads: [String] { heads.withLock { $0 } }
    /// The body of every request read (by its Content-Length), in arrival order.
    var requestBodies: [[UInt8]] { bodies.withLock { $0 } }

    convenience init(_ script: @escaping @Sendable (Int32) -> Void) throws {
        try self.init(headScript: { connection, _ in script(connection) })
    }

    /// `script` also gets the request head it answers.
    init(headScript script: @escaping @Sendable (Int32, String) -> Void) throws {
        (listener, port) = try Self.listen()
        self.script = script
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// A server that answers each request (one per connection) with what `respond` returns for its head.
    static func routing(_ respond: @escaping @Sendable (String) -> String) throws -> FaultServer {
        try FaultServer(headScript: { connection, head in send(connection, respond(head)) })
    }

    /// Wakes the blocked accept (Linux returns EINVAL after shutdown) and closes the socket.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            accepted.withLock { $0 += 1 }
            let script = self.script
            Thread { [self] in
                defer { close(connection) }
                guard let (head, early) = Self.headAndEarlyBody(connection) else { return }
                heads.withLock { $0.append(head) }
                bodies.withLock { $0.append(Self.body(connection, head: head, early: early)) }
                script(connection, head)
            }.start()
        }
    }

    /// Reads until the blank line ending a request head; false when the peer went away first.
    static func readHead(_ connection: Int32) -> Bool {
        head(connection) != nil
    }

    /// The request head, or nil when the peer went away first.
    static func head(_ connection: Int32) -> String? {
        headAndEarlyBody(connection)?.head
    }

    /// The rest of the body announced by the head's Content-Length, after the bytes already read.
    private static func body(_ connection: Int32, head: String, early: [UInt8]) -> [UInt8] {
        let length = head.components(separatedBy: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        var body = early
        var chunk = [UInt8](repeating: 0, count: 65536)
        while body.count < length {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            body.append(contentsOf: chunk[..<count])
        }
        return Array(body.prefix(length))
    }

    /// The head, and whatever of the body arrived with it.
    static func headAndEarlyBody(_ connection: Int32) -> (head: String, early: [UInt8])? {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let parts = split(received) { return parts }
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            received.append(contentsOf: chunk[..<count])
            if received.count > 1 << 20 { return nil }
        }
    }

    /// The head up to its blank line and the bytes after it, or nil before the blank line arrived.
    private static func split(_ received: [UInt8]) -> (head: String, early: [UInt8])? {
        let marker = Array("\r\n\r\n".utf8)
        guard received.count >= marker.count,
              let end = (0...(received.count - marker.count)).first(where: { received[$0..<($0 + 4)].elementsEqual(marker) })
        else { return nil }
        return (String(decoding: received[..<(end + 4)], as: UTF8.self), Array(received[(end + 4)...]))
    }

    private static func listen() throws -> (Int32, UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, bound, Glibc.listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    // MARK: What a script does on the socket

    static func send(_ connection: Int32, _ text: String) {
        send(connection, Array(text.utf8))
    }

    static func send(_ connection: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress.map { $0 + offset }, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return }
            offset += sent
        }
    }

    /// Closes with SO_LINGER {1, 0}, so the kernel sends a RST instead of a FIN.
    static func reset(_ connection: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(connection, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        shutdown(connection, Int32(SHUT_RDWR))
    }

    /// Keeps the connection open and silent for `seconds` (the client gives up first).
    static func stall(_ seconds: Double) {
        Thread.sleep(forTimeInterval: seconds)
    }
}
