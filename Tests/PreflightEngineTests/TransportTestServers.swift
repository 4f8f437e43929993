import Foundation
import Glibc
import Synchronization

/// Raw-socket peers on 127.0.0.1 that provoke exactly the transport behaviour a test needs
/// (answers, silence, resets, refusals) without depending on any HTTP server library.
struct SocketError: Error {
    let call: String
    let code: Int32
}

enum Loopback {
    /// A TCP socket bound to 127.0.0.1 on a kernel-chosen free port, not yet listening.
    static func boundSocket() throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(call: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            close(fd)
            throw SocketError(call: "bind", code: code)
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// A listening socket on 127.0.0.1.
    static func listeningSocket(backlog: Int32) throws -> (fd: Int32, port: UInt16) {
        let (fd, port) = try boundSocket()
        guard listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw SocketError(call: "listen", code: code)
        }
        return (fd, port)
    }

    /// A port on 127.0.0.1 that nothing listens on (it was free a moment ago).
    static func closedPort() throws -> UInt16 {
        let (fd, port) = try boundSocket()
        close(fd)
        return port
    }

    /// Closes `fd` with SO_LINGER {1, 0}, so the kernel sends a RST instead of a FIN.
    static func resetAndClose(_ fd: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close(fd)
    }

    /// Reads what is available into `buffer`; false on EOF or error.
    static func receive(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}

/// A listener whose connections complete in the kernel backlog but are never accepted or answered.
final class SilentListener: Sendable {
    let port: UInt16
    private let fd: Int32

    init() throws {
        (fd, port) = try Loopback.listeningSocket(backlog: 128)
    }

    var url: String { "http://127.0.0.1:\(port)/silent" }

    func stop() {
        close(fd)
    }
}

/// Accepts each connection, reads the request, then resets the connection without answering.
final class ResettingServer: Sendable {
    let port: UInt16
    private let fd: Int32

    init() throws {
        (fd, port) = try Loopback.listeningSocket(backlog: 16)
        Thread { [fd] in
            while true {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { break }
                var request: [UInt8] = []
                _ = Loopback.receive(connection, into: &request)
                Loopback.resetAndClose(connection)
            }
            close(fd)
        }.start()
    }

    var url: String { "http://127.0.0.1:\(port)/reset" }

    /// Wakes the blocked accept (Linux returns EINVAL), after which the thread closes the socket.
    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
    }
}

/// A minimal HTTP/1.1 server: a thread per connection, keep-alive, Content-Length bodies only,
/// answers computed by `handler`; it records every request and counts accepted connections.
final class LoopbackHTTPServer: Sendable {
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    struct Response: Sendable {
        var status = 200
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []
        /// Close the connection after this response without announcing it, as a server whose
        /// keep-alive timeout passed does.
        var closeSilently = false

        /// The wire form; a response to HEAD announces the body's length but carries none.
        func serialized(forHead: Bool) -> [UInt8] {
            var head = "HTTP/1.1 \(status) Test\r\n"
            for header in headers { head += "\(header.name): \(header.value)\r\n" }
            head += "Content-Length: \(body.count)\r\n\r\n"
            return Array(head.utf8) + (forHead ? [] : body)
        }
    }

    private struct State {
        var acceptedConnections = 0
        var requests: [Request] = []
        var openConnections: Set<Int32> = []
        var stopped = false
    }

    let port: UInt16
    private let listener: Int32
    private let handler: @Sendable (Request) -> Response
    private let state = Mutex(State())

    init(handler: @escaping @Sendable (Request) -> Response = { _ in Response(body: Array("hello".utf8)) }) throws {
        (listener, port) = try Loopback.listeningSocket(backlog: 1024)
        self.handler = handler
        Thread { [self] in acceptConnections() }.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var acceptedConnections: Int { state.withLock { $0.acceptedConnections } }
    var requests: [Request] { state.withLock { $0.requests } }

    func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            for connection in state.openConnections { shutdown(connection, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptConnections() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { break }
            let accepted = state.withLock { state in
                guard !state.stopped else { return false }
                state.acceptedConnections += 1
                state.openConnections.insert(connection)
                return true
            }
            guard accepted else {
                close(connection)
                break
            }
            Thread { [self] in serve(connection) }.start()
        }
        close(listener)
    }

    private func serve(_ connection: Int32) {
        defer {
            state.withLock { _ = $0.openConnections.remove(connection) }
            close(connection)
        }
        var buffer: [UInt8] = []
        while let request = Self.readRequest(connection, &buffer) {
            state.withLock { $0.requests.append(request) }
            guard Loopback.sendAll(connection, handler(request).serialized(forHead: request.method == "HEAD")) else { return }
            if request.header("Connection")?.lowercased() == "close" || handler(request).closeSilently { return }
        }
    }

    private static func readRequest(_ connection: Int32, _ buffer: inout [UInt8]) -> Request? {
        var headEnd: Int
        while true {
            if let range = buffer.firstRange(of: Array("\r\n\r\n".utf8)) {
                headEnd = range.upperBound
                break
            }
            guard Loopback.receive(connection, into: &buffer) else { return nil }
        }
        let lines = String(decoding: buffer[..<headEnd], as: UTF8.self)
            .components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count == 3 else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var request = Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: [])
        let length = Int(request.header("Content-Length") ?? "0") ?? 0
        while buffer.count < headEnd + length {
            guard Loopback.receive(connection, into: &buffer) else { return nil }
        }
        request.body = Array(buffer[headEnd..<(headEnd + length)])
        buffer.removeFirst(headEnd + length)
        return request
    }
}
