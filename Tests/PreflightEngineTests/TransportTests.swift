import Foundation
import PreflightEngine
import PreflightMetrics
import Synchronization
import XCTest

/// Real transfers over loopback: what a successful request delivers, concurrency and connection reuse.
final class TransportTests: XCTestCase {
    private var server: LoopbackHTTPServer!
    private var transport: HTTPTransport!

    override func setUpWithError() throws {
        server = try LoopbackHTTPServer { request in
            switch request.target {
            case "/echo":
                return .init(status: 201, headers: [("X-Method", request.method)], body: request.body)
            case "/redirect":
                return .init(status: 302, headers: [("Location", "/final"), ("X-Hop", "first")])
            case "/final":
                return .init(headers: [("X-Final", "yes")], body: Array("final".utf8))
            case "/large":
                return .init(body: [UInt8](repeating: 7, count: 5000))
            case "/hang-up":
                return .init(body: Array("bye".utf8), closeSilently: true)
            case "/exact":
                return .init(body: [UInt8](repeating: 7, count: 1000))
            default:
                return .init(headers: [("Content-Type", "text/plain"), ("X-Folded", "a")], body: Array("hello".utf8))
            }
        }
        transport = HTTPTransport(eventLoops: 2)
    }

    override func tearDown() {
        transport.shutdown()
        server.stop()
        transport = nil
        server = nil
    }

    private func request(_ path: String, method: String = "GET", body: [UInt8]? = nil) -> HTTPRequest {
        HTTPRequest(method: method, url: server.baseURL + path, body: body, totalTimeout: .seconds(2))
    }

    func testGetDeliversStatusHeadersBodyAndTimings() async {
        let before = DispatchTime.now().uptimeNanoseconds
        let result = await transport.send(request("/hello"))

        XCTAssertNil(result.transportError)
        XCTAssertEqual(result.status, 200)
        XCTAssertEqual(result.category, .ok)
        XCTAssertEqual(result.body, Array("hello".utf8))
        XCTAssertFalse(result.bodyTruncated)
        XCTAssertEqual(result.header("content-type"), "text/plain")
        XCTAssertEqual(result.header("Content-Length"), "5")
        XCTAssertGreaterThanOrEqual(result.sentAtNanos, before)
        let timings = result.timings
        XCTAssertGreaterThan(timings.totalMicros, 0)
        XCTAssertGreaterThan(timings.firstByteMicros, 0)
        XCTAssertLessThanOrEqual(timings.connectMicros, timings.firstByteMicros)
        XCTAssertLessThanOrEqual(timings.firstByteMicros, timings.totalMicros)
        XCTAssertEqual(timings.tlsMicros, 0, "plain HTTP has no TLS phase")
        XCTAssertEqual(server.requests.first?.method, "GET")
        XCTAssertEqual(server.requests.first?.target, "/hello")
    }

    func testPostSendsBodyAndHeadersWithoutExpect() async {
        var post = request("/echo", method: "POST", body: Array(#"{"name":"preflight"}"#.utf8))
        post.headers = [("Content-Type", "application/json"), ("X-Trace", "abc 123"), ("X-Empty", "")]
        let result = await transport.send(post)

        XCTAssertEqual(result.status, 201)
        XCTAssertEqual(result.body, Array(#"{"name":"preflight"}"#.utf8))
        let received = server.requests.first
        XCTAssertEqual(received?.method, "POST")
        XCTAssertEqual(received?.header("Content-Type"), "application/json")
        XCTAssertEqual(received?.header("X-Trace"), "abc 123")
        XCTAssertEqual(received?.header("X-Empty"), "")
        XCTAssertNil(received?.header("Expect"))
    }

    func testCustomMethodWithBinaryBody() async {
        let binary: [UInt8] = [0, 1, 2, 0, 255, 13, 10]
        let result = await transport.send(request("/echo", method: "PUT", body: binary))
        XCTAssertEqual(result.header("X-Method"), "PUT")
        XCTAssertEqual(result.body, binary)

        let delete = await transport.send(request("/echo", method: "DELETE"))
        XCTAssertEqual(delete.header("X-Method"), "DELETE")

        let head = await transport.send(request("/hello", method: "HEAD"))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Content-Length"), "5")
        XCTAssertEqual(head.body, [])
        XCTAssertEqual(server.requests.map(\.method), ["PUT", "DELETE", "HEAD"])
    }

    /// One loop, one connection, one pooled handle after another: a transfer shaped like the
    /// previous one sets only its URL, headers and body, so nothing of an earlier request may leak
    /// into a later one (a body, a header, a method), whichever way the shape changes.
    func testAReusedHandleCarriesNothingOfTheRequestBefore() async {
        // Through curl (a pooled easy handle) and through the plain path (a kept-alive connection).
        for plainHTTP in [false, true] {
            let oneLoop = HTTPTransport(eventLoops: 1, plainHTTP: plainHTTP)
            let earlier = server.requests.count
            let earlierConnections = server.acceptedConnections
            func send(_ method: String, _ path: String, body: String? = nil, headers: [(String, String)] = []) async -> HTTPResult {
                var sent = request(path, method: method, body: body.map { Array($0.utf8) })
                sent.headers = headers.map { (name: $0.0, value: $0.1) }
                return await oneLoop.send(sent)
            }
            _ = await send("POST", "/echo", body: "first", headers: [("X-A", "1")])
            let second = await send("POST", "/echo", body: "second", headers: [("X-A", "1")])
            _ = await send("POST", "/echo", body: "third", headers: [("X-B", "2")])
            _ = await send("GET", "/hello")
            _ = await send("GET", "/hello", headers: [("X-C", "3")])
            _ = await send("GET", "/hello")
            let head = await send("HEAD", "/hello")
            let last = await send("GET", "/hello")
            oneLoop.shutdown()

            let path = plainHTTP ? "plain path" : "curl"
            XCTAssertEqual(second.body, Array("second".utf8), path)
            XCTAssertEqual(head.body, [], path)
            XCTAssertEqual(last.body, Array("hello".utf8), "\(path): a GET after a HEAD reads the body again")
            let seen = Array(server.requests[earlier...])
            XCTAssertEqual(seen.map(\.method), ["POST", "POST", "POST", "GET", "GET", "GET", "HEAD", "GET"], path)
            XCTAssertEqual(seen.map { String(decoding: $0.body, as: UTF8.self) }, ["first", "second", "third", "", "", "", "", ""], path)
            XCTAssertEqual(seen.map { $0.header("X-A") }, ["1", "1", nil, nil, nil, nil, nil, nil], path)
            XCTAssertEqual(seen.map { $0.header("X-B") }, [nil, nil, "2", nil, nil, nil, nil, nil], path)
            XCTAssertEqual(seen.map { $0.header("X-C") }, [nil, nil, nil, nil, "3", nil, nil, nil], path)
            XCTAssertEqual(server.acceptedConnections - earlierConnections, 1, "\(path): all on one kept-alive connection")
        }
    }

    func testLargeUploadDoesNotWaitForContinue() async {
        // curl would otherwise ask for "100 Continue" and wait a second for it before sending.
        let upload = [UInt8](repeating: 42, count: 1_500_000)
        let result = await transport.send(request("/upload", method: "POST", body: upload))
        XCTAssertEqual(result.status, 200)
        XCTAssertEqual(server.requests.first?.body.count, upload.count)
        XCTAssertNil(server.requests.first?.header("Expect"))
    }

    func testRedirectsYieldTheFinalResponseHeadersOnly() async {
        let unfollowed = await transport.send(request("/redirect"))
        XCTAssertEqual(unfollowed.status, 302)
        XCTAssertEqual(unfollowed.header("X-Hop"), "first")

        var follow = request("/redirect")
        follow.followRedirects = true
        let followed = await transport.send(follow)
        XCTAssertEqual(followed.status, 200)
        XCTAssertEqual(followed.header("X-Final"), "yes")
        XCTAssertNil(followed.header("X-Hop"))
        XCTAssertEqual(followed.body, Array("final".utf8))
    }

    func testBodyIsCutAtTheLimit() async {
        let small = HTTPTransport(eventLoops: 1, maxBodyBytes: 1000)
        defer { small.shutdown() }
        let large = await small.send(request("/large"))
        XCTAssertEqual(large.status, 200)
        XCTAssertEqual(large.body.count, 1000)
        XCTAssertTrue(large.bodyTruncated)

        let exact = await small.send(request("/exact"))
        XCTAssertEqual(exact.body.count, 1000)
        XCTAssertFalse(exact.bodyTruncated)
    }

    func testManyConcurrentRequestsAllComplete() {
        let count = 200
        let done = expectation(description: "all complete")
        done.expectedFulfillmentCount = count
        let statuses = Mutex<[Int?]>([])
        for index in 0..<count {
            transport.send(request("/echo", method: "POST", body: Array("\(index)".utf8))) { result in
                statuses.withLock { $0.append(result.status) }
                done.fulfill()
            }
        }
        wait(for: [done], timeout: 3)
        XCTAssertEqual(statuses.withLock { $0 }, Array(repeating: 201, count: count))
        XCTAssertEqual(server.requests.count, count)
        XCTAssertEqual(transport.inFlight, 0)
    }

    func testSequentialRequestsOnOneLoopReuseOneConnection() async {
        for _ in 0..<50 {
            let result = await transport.send(request("/hello"), eventLoop: 0)
            XCTAssertEqual(result.status, 200)
        }
        XCTAssertEqual(server.acceptedConnections, 1)
    }

    func testEachLoopKeepsItsOwnConnections() async {
        for _ in 0..<10 {
            _ = await transport.send(request("/hello"), eventLoop: 1)
        }
        XCTAssertEqual(server.acceptedConnections, 1, "pinned requests share one loop's connection")
        for _ in 0..<10 {
            _ = await transport.send(request("/hello"))
        }
        XCTAssertEqual(server.acceptedConnections, 2, "round-robin adds the other loop's connection")
        XCTAssertEqual(transport.eventLoopCount, 2)
    }

    func testEveryNewConnectionIsWatchedAlthoughClosedOnesLeaveTheirNumbers() async {
        // Each request closes its connection, so the next socket usually gets the same descriptor
        // number: the loop's table of watched sockets must not take it for the old one.
        for _ in 0..<30 {
            var closing = request("/hello")
            closing.headers = [(name: "Connection", value: "close")]
            let result = await transport.send(closing, eventLoop: 0)
            XCTAssertEqual(result.status, 200, result.transportError?.message ?? "")
        }
        XCTAssertEqual(server.acceptedConnections, 30)
    }

    func testAnIdleConnectionTheServerClosesNeitherSpinsTheLoopNorFailsTheNextRequest() async throws {
        let first = await transport.send(request("/hang-up"), eventLoop: 0)
        XCTAssertEqual(first.status, 200)
        // The closed connection now reads as ready. A loop that kept asking about it would burn
        // at least a third of a core even on a busy machine: 1 s of idling must cost far less.
        let before = Self.processCPUSeconds()
        try await Task.sleep(for: .seconds(1))
        XCTAssertLessThan(Self.processCPUSeconds() - before, 0.2)
        let next = await transport.send(request("/hello"), eventLoop: 0)
        XCTAssertEqual(next.status, 200, next.transportError?.message ?? "")
        XCTAssertEqual(server.acceptedConnections, 2)
    }

    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
