import Foundation
import PreflightEngine
import PreflightMetrics
import Synchronization
import XCTest

/// Transport failures are results with a category, never hangs or crashes; shutdown included.
final class TransportFailureTests: XCTestCase {
    private var transport: HTTPTransport!

    override func setUp() {
        transport = HTTPTransport(eventLoops: 2)
    }

    override func tearDown() {
        transport.shutdown()
        transport = nil
    }

    func testSilentServerTimesOut() async throws {
        let listener = try SilentListener()
        defer { listener.stop() }
        let started = Date()
        let result = await transport.send(HTTPRequest(url: listener.url, totalTimeout: .milliseconds(300)))

        XCTAssertNil(result.status)
        XCTAssertEqual(result.category, .timeout)
        XCTAssertFalse(result.transportError?.message.isEmpty ?? true)
        XCTAssertGreaterThanOrEqual(result.timings.totalMicros, 250_000)
        XCTAssertLessThan(Date().timeIntervalSince(started), 8, "gave up at the timeout, never waited for the silent server")
    }

    func testResetConnectionIsConnectionReset() async throws {
        let server = try ResettingServer()
        defer { server.stop() }
        let result = await transport.send(HTTPRequest(url: server.url, totalTimeout: .seconds(2)))
        XCTAssertNil(result.status)
        XCTAssertEqual(result.category, .connectionReset, "\(String(describing: result.transportError))")
    }

    func testClosedPortIsConnectionRefused() async throws {
        let port = try Loopback.closedPort()
        let result = await transport.send(HTTPRequest(url: "http://127.0.0.1:\(port)/", totalTimeout: .seconds(2)))
        XCTAssertNil(result.status)
        XCTAssertEqual(result.category, .connectionRefused, "\(String(describing: result.transportError))")
    }

    func testUnusableURLsAreTransportErrors() async {
        let malformed = await transport.send(HTTPRequest(url: "http://[::1/"))
        XCTAssertEqual(malformed.category, .transportError)
        let otherProtocol = await transport.send(HTTPRequest(url: "ftp://127.0.0.1:1/"))
        XCTAssertEqual(otherProtocol.category, .transportError)
        XCTAssertNotNil(otherProtocol.transportError?.message)
    }

    func testShutdownCompletesInFlightTransfers() throws {
        let listener = try SilentListener()
        defer { listener.stop() }
        let count = 20
        let done = expectation(description: "all cancelled")
        done.expectedFulfillmentCount = count
        let results = Mutex<[HTTPResult]>([])
        for _ in 0..<count {
            transport.send(HTTPRequest(url: listener.url, totalTimeout: .seconds(10))) { result in
                results.withLock { $0.append(result) }
                done.fulfill()
            }
        }
        XCTAssertEqual(transport.inFlight, count)
        Thread.sleep(forTimeInterval: 0.1)  // let the loops hand the transfers to curl

        let started = Date()
        transport.shutdown()
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "shutdown cancels transfers with 10 s timeouts instead of waiting")
        wait(for: [done], timeout: 5)
        for result in results.withLock({ $0 }) {
            XCTAssertEqual(result.transportError?.category, .transportError)
            XCTAssertEqual(result.transportError?.message, HTTPTransport.cancelledMessage)
            XCTAssertGreaterThan(result.sentAtNanos, 0)
        }
        XCTAssertEqual(transport.inFlight, 0)
        transport.shutdown()  // idempotent
    }

    func testSendAfterShutdownCompletesImmediately() async {
        transport.shutdown()
        let result = await transport.send(HTTPRequest(url: "http://127.0.0.1:1/"))
        XCTAssertEqual(result.transportError?.message, HTTPTransport.cancelledMessage)
    }

    func testShutdownFromACompletionDoesNotDeadlock() throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        let done = expectation(description: "completion returned")
        let transport = self.transport!
        transport.send(HTTPRequest(url: server.baseURL + "/")) { result in
            XCTAssertEqual(result.status, 200)
            transport.shutdown()
            done.fulfill()
        }
        wait(for: [done], timeout: 2)
    }
}
