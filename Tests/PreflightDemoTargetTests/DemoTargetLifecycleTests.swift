import Foundation
import PreflightDemoTarget
import Testing

@Suite struct DemoTargetLifecycleTests {
    @Test func portZeroGivesEachServerItsOwnPort() async throws {
        let first = try await DemoTarget.start()
        let second = try await DemoTarget.start()
        #expect(first.port > 0)
        #expect(second.port > 0)
        #expect(first.port != second.port)
        #expect(first.baseURL == "http://127.0.0.1:\(first.port)")
        let firstStatus = try await HTTPTestClient(first).get("/health").status
        let secondStatus = try await HTTPTestClient(second).get("/health").status
        await first.stop()
        await second.stop()
        #expect(firstStatus == 200)
        #expect(secondStatus == 200)
    }

    @Test func stopFreesThePort() async throws {
        let target = try await DemoTarget.start()
        let port = target.port
        #expect(try await HTTPTestClient(target).get("/health").status == 200)
        await target.stop()

        await #expect(throws: (any Error).self) {
            _ = try await HTTPTestClient(baseURL: "http://127.0.0.1:\(port)").get("/health")
        }
        let successor = try await DemoTarget.start(port: port)
        #expect(successor.port == port)
        let status = try await HTTPTestClient(successor).get("/health").status
        await successor.stop()
        #expect(status == 200)
    }

    @Test func startingOnAPortInUseFails() async throws {
        let target = try await DemoTarget.start()
        await #expect(throws: (any Error).self) {
            let rival = try await DemoTarget.start(port: target.port)
            await rival.stop()
        }
        await target.stop()
    }

    @Test(.enabled(if: hasIPv6Loopback, "this machine has no ::1"))
    func ipv6HostsAreBracketedInTheBaseURL() async throws {
        // URLSession on Linux refuses bracketed IPv6 URLs, so only the address is checked here.
        let target = try await DemoTarget.start(host: "::1")
        await target.stop()
        #expect(target.port > 0)
        #expect(target.baseURL == "http://[::1]:\(target.port)")
    }
}

/// Whether `::1` is configured (Linux lists it in /proc/net/if_inet6; other systems are assumed to have it).
private let hasIPv6Loopback: Bool = {
    guard let interfaces = try? String(contentsOfFile: "/proc/net/if_inet6", encoding: .utf8) else {
        return !FileManager.default.fileExists(atPath: "/proc/net")
    }
    return interfaces.contains("00000000000000000000000000000001")
}()
