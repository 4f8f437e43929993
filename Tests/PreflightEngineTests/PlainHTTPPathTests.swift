import Foundation
import Glibc
@testable import PreflightEngine
import PreflightMetrics
import Synchronization
import XCTest

/// The plain HTTP/1.1 path against curl, side by side: the same requests must reach the server
/// as the same bytes, and the same answers and faults must give the same results.
final class PlainHTTPPathTests: XCTestCase {
    private var plain: HTTPTransport!
    private var curl: HTTPTransport!

    override func setUp() {
        plain = HTTPTransport(eventLoops: 1, maxBodyBytes: 4096, plainHTTP: true)
        curl = HTTPTransport(eventLoops: 1, maxBodyBytes: 4096, plainHTTP: false)
    }

    override func tearDown() {
        plain.shutdown()
        curl.shutdown()
    }

    func testTheServerReceivesWhatCurlWouldHaveSent() async throws {
        let server = try LoopbackHTTPServer { request in
            .init(headers: [("X-Seen", request.method)], body: request.body)
        }
        defer { server.stop() }
        let requests: [HTTPRequest] = [
            HTTPRequest(url: server.baseURL + "/health"),
            HTTPRequest(url: server.baseURL + "?q=1&r=a%20b", headers: [(name: "Authorization", value: "Bearer t")]),
            HTTPRequest(method: "POST", url: server.baseURL + "/login", body: Array("user=a&pass=b".utf8)),
            HTTPRequest(
                method: "PUT", url: server.baseURL + "/orders/7",
                headers: [(name: "Content-Type", value: "application/json"), (name: "X-Empty", value: "")],
                body: Array(#"{"qty":2}"#.utf8)),
            HTTPRequest(method: "POST", url: server.baseURL + "/empty", body: []),
            HTTPRequest(method: "DELETE", url: server.baseURL + "/orders/7#fragment"),
            HTTPRequest(method: "HEAD", url: server.baseURL + "/health"),
            HTTPRequest(url: server.baseURL + "/host", headers: [(name: "Host", value: "api.example.com"), (name: "Accept", value: "application/json")]),
            HTTPRequest(method: "HEAD", url: server.baseURL + "/head-with-body", body: Array("ignored".utf8)),
            HTTPRequest(url: server.baseURL + "/blank", headers: [(name: "Accept", value: "  "), (name: "X-Blank", value: " ")]),
        ]
        for request in requests {
            let viaCurl = await curl.send(request)
            let viaPlain = await plain.send(request)
            XCTAssertEqual(viaCurl.status, 200, request.url)
            assertSameOutcome(viaPlain, viaCurl, request.method + " " + request.url)
        }
        let seen = server.requests
        XCTAssertEqual(seen.count, requests.count * 2)
        for index in stride(from: 0, to: seen.count - 1, by: 2) {
            let (byCurl, byPlain) = (seen[index], seen[index + 1])
            XCTAssertEqual(byPlain.method, byCurl.method)
            XCTAssertEqual(byPlain.target, byCurl.target)
            XCTAssertEqual(byPlain.headers.map(\.name), byCurl.headers.map(\.name), byCurl.target)
            XCTAssertEqual(byPlain.headers.map(\.value), byCurl.headers.map(\.value), byCurl.target)
            XCTAssertEqual(byPlain.body, byCurl.body)
        }
    }

    func testEachFaultEndsInTheCategoryCurlGives() async throws {
        let okHead = "HTTP/1.1 200 OK\r\n"
        let faults: [(name: String, answer: @Sendable (Int32) -> Void)] = [
            ("reset before the answer", { Loopback.resetAndClose($0) }),
            ("closed without an answer", { close($0) }),
            ("reset after the head", { connection in
                _ = Loopback.sendAll(connection, Array((okHead + "Content-Length: 100\r\n\r\n").utf8))
                Thread.sleep(forTimeInterval: 0.05)
                Loopback.resetAndClose(connection)
            }),
            ("closed in the body", { connection in
                _ = Loopback.sendAll(connection, Array((okHead + "Content-Length: 100\r\n\r\nonly this").utf8))
                close(connection)
            }),
            ("silent", { connection in
                Thread.sleep(forTimeInterval: 1)
                close(connection)
            }),
            ("dripping", { connection in
                _ = Loopback.sendAll(connection, Array((okHead + "Content-Length: 100\r\n\r\n").utf8))
                for _ in 0..<10 where Loopback.sendAll(connection, [UInt8(ascii: "x")]) {
                    Thread.sleep(forTimeInterval: 0.1)
                }
                close(connection)
            }),
            ("not HTTP", { connection in
                _ = Loopback.sendAll(connection, Array("SSH-2.0-OpenSSH_9.2\r\n\r\n".utf8))
                close(connection)
            }),
            ("status 999", { connection in
                _ = Loopback.sendAll(connection, Array("HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n".utf8))
                close(connection)
            }),
            ("oversize header", { connection in
                _ = Loopback.sendAll(connection, Array((okHead + "X-Big: " + String(repeating: "a", count: 150 * 1024) + "\r\n\r\n").utf8))
                close(connection)
            }),
            ("chunked", { connection in
                _ = Loopback.sendAll(connection, Array((okHead + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n").utf8))
                close(connection)
            }),
            ("to the end", { connection in
                _ = Loopback.sendAll(connection, Array((okHead + "X-Until: close\r\n\r\nall of it").utf8))
                close(connection)
            }),
            ("over the body limit", { connection in
                _ = Loopback.sendAll(connection, Array((okHead + "Content-Length: 5000\r\n\r\n").utf8) + [UInt8](repeating: 65, count: 5000))
                close(connection)
            }),
        ]
        for fault in faults {
            let server = try ScriptedServer(answer: fault.answer)
            defer { server.stop() }
            let request = HTTPRequest(url: server.url, totalTimeout: .milliseconds(400))
            let viaCurl = await curl.send(request)
            let viaPlain = await plain.send(request)
            assertSameOutcome(viaPlain, viaCurl, fault.name)
        }
        let refused = HTTPRequest(url: "http://127.0.0.1:\(try Loopback.closedPort())/")
        let viaCurl = await curl.send(refused)
        let viaPlain = await plain.send(refused)
        XCTAssertEqual(viaCurl.category, .connectionRefused)
        assertSameOutcome(viaPlain, viaCurl, "refused")
    }

    func testAKeptAliveConnectionTheServerDroppedIsReplacedWithoutAFailure() async throws {
        let server = try LoopbackHTTPServer { request in
            .init(body: Array("ok".utf8), closeSilently: request.target == "/last")
        }
        defer { server.stop() }
        let first = await plain.send(HTTPRequest(url: server.baseURL + "/last"))
        XCTAssertEqual(first.status, 200)
        let second = await plain.send(HTTPRequest(url: server.baseURL + "/next"))
        XCTAssertEqual(second.status, 200, second.transportError?.message ?? "")
        XCTAssertEqual(server.acceptedConnections, 2)
        for _ in 0..<5 { _ = await plain.send(HTTPRequest(url: server.baseURL + "/again")) }
        XCTAssertEqual(server.acceptedConnections, 2, "the new connection is kept alive")
    }

    func testARequestAKeptAliveConnectionDropsUnansweredIsSentAgainOnAFreshOne() async throws {
        // The race curl also covers: the server closes an idle connection just as a request goes
        // out on it. Each server connection answers one request, then drops the next unanswered.
        let connections = Atomic<Int>(0)
        let server = try ScriptedServer { connection in
            connections.add(1, ordering: .relaxed)
            _ = Loopback.sendAll(connection, Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8))
            var next: [UInt8] = []
            _ = Loopback.receive(connection, into: &next)
            close(connection)
        }
        defer { server.stop() }
        for transport in [curl!, plain!] {
            connections.store(0, ordering: .relaxed)
            let first = await transport.send(HTTPRequest(url: server.url), eventLoop: 0)
            let second = await transport.send(HTTPRequest(url: server.url), eventLoop: 0)
            XCTAssertEqual(first.status, 200)
            XCTAssertEqual(second.status, 200, second.transportError?.message ?? "")
            XCTAssertEqual(connections.load(ordering: .relaxed), 2)
        }
    }

    func testEveryRequestWaitingForTheOneConnectionTimesOutInTurn() throws {
        // One connection slot and a server that never answers: each time limit that passes frees
        // the slot for the next request, whose own limit must still be watched.
        let server = try ScriptedServer { connection in
            Thread.sleep(forTimeInterval: 3)
            close(connection)
        }
        defer { server.stop() }
        let oneSlot = HTTPTransport(eventLoops: 1, maxConnections: 1, plainHTTP: true)
        defer { oneSlot.shutdown() }
        let done = expectation(description: "all ended")
        done.expectedFulfillmentCount = 3
        let categories = Mutex<[ResultCategory]>([])
        for _ in 0..<3 {
            oneSlot.send(HTTPRequest(url: server.url, totalTimeout: .milliseconds(200))) { result in
                categories.withLock { $0.append(result.category) }
                done.fulfill()
            }
        }
        wait(for: [done], timeout: 10)
        XCTAssertEqual(categories.withLock { $0 }, [.timeout, .timeout, .timeout])
    }

    func testURLsCurlWouldRewriteOrRefuseAreLeftToCurl() {
        XCTAssertEqual(PlainHTTPTarget(url: "http://127.0.0.1:8080/a?b=1#top")?.requestTarget, "/a?b=1")
        XCTAssertEqual(PlainHTTPTarget(url: "HTTP://127.0.0.1:80")?.hostHeader, "127.0.0.1", "port 80 is not written")
        XCTAssertEqual(PlainHTTPTarget(url: "http://127.0.0.1?q=1")?.requestTarget, "/?q=1")
        XCTAssertEqual(PlainHTTPTarget(url: "http://[::1]:8080/")?.hostHeader, "[::1]:8080")
        for url in [
            "http://localhost/", "https://127.0.0.1/", "http://user@127.0.0.1/", "http://127.0.0.1/a/../b",
            "http://127.0.0.1/caf\u{e9}", "http://127.0.0.1/a\r\nX-Injected: 1", "http://127.0.0.1/a\tb", "http://127.0.0.1/a b",
            "http://[1.2.3.4]/", "http://[0:0:0:0:0:0:0:1]/", "http://[fe80::1%25eth0]/", "http://127.1/", "http://127.0.0.1:0/",
            "http://127.0.0.1:99999/",
        ] {
            XCTAssertNil(PlainHTTPTarget(url: url), url)
        }
    }

    func testRequestsThePlainPathDoesNotTakeStillWork() async throws {
        let server = try LoopbackHTTPServer { request in
            request.target == "/from" ? .init(status: 302, headers: [("Location", "/to")]) : .init(body: Array("here".utf8))
        }
        defer { server.stop() }
        var redirected = HTTPRequest(url: server.baseURL + "/from")
        redirected.followRedirects = true
        let result = await plain.send(redirected)
        XCTAssertEqual(result.status, 200)
        XCTAssertEqual(result.body, Array("here".utf8))
        let named = await plain.send(HTTPRequest(url: "http://localhost:\(server.port)/named"))
        XCTAssertEqual(named.status, 200, named.transportError?.message ?? "")
    }

    private func assertSameOutcome(_ plain: HTTPResult, _ curl: HTTPResult, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(plain.category, curl.category, "\(label): \(plain.transportError?.message ?? "") vs curl's \(curl.transportError?.message ?? "")", file: file, line: line)
        XCTAssertEqual(plain.status, curl.status, label, file: file, line: line)
        XCTAssertEqual(plain.body, curl.body, label, file: file, line: line)
        XCTAssertEqual(plain.bodyTruncated, curl.bodyTruncated, label, file: file, line: line)
        XCTAssertEqual(plain.headers.map(\.name), curl.headers.map(\.name), label, file: file, line: line)
        XCTAssertEqual(plain.headers.map(\.value), curl.headers.map(\.value), label, file: file, line: line)
        XCTAssertEqual(plain.httpVersion, curl.httpVersion, label, file: file, line: line)
        XCTAssertGreaterThan(plain.sentAtNanos, 0, label, file: file, line: line)
        if plain.transportError == nil {
            XCTAssertGreaterThanOrEqual(plain.timings.totalMicros, plain.timings.firstByteMicros, label, file: file, line: line)
            XCTAssertGreaterThan(plain.timings.firstByteMicros, 0, label, file: file, line: line)
        }
    }
}

/// Accepts connections on 127.0.0.1, reads each request's head, then lets `answer` do anything
/// with the connection (answer, stall, reset, close), on a thread per connection.
final class ScriptedServer: Sendable {
    let port: UInt16
    private let fd: Int32

    init(answer: @escaping @Sendable (Int32) -> Void) throws {
        (fd, port) = try Loopback.listeningSocket(backlog: 16)
        Thread { [fd] in
            while true {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { break }
                Thread {
                    var request: [UInt8] = []
                    while request.firstRange(of: Array("\r\n\r\n".utf8)) == nil, Loopback.receive(connection, into: &request) {}
                    answer(connection)
                }.start()
            }
            close(fd)
        }.start()
    }

    var url: String { "http://127.0.0.1:\(port)/scripted" }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
    }
}
