import Foundation
import PreflightDemoTarget
import Testing

@Suite struct FaultInjectionTests {
    @Test func requestsOverTheRateLimitGet429WithRetryAfter() async throws {
        let limit = RateLimit(requests: 3, window: .seconds(60))
        try await withDemoTarget(.init(rateLimit: limit)) { _, client in
            for _ in 0..<3 {
                #expect(try await client.get("/api/products").status == 200)
            }
            let limited = try await client.get("/api/products")
            #expect(limited.status == 429)
            #expect(try limited.json()["error"] as? String == "rate limited")
            let retryAfter = try #require(limited.header("Retry-After").flatMap { Int($0) })
            #expect((1...60).contains(retryAfter))
            #expect(try await client.get("/health").status == 200)
        }
    }

    @Test func raisingTheRateLimitAtRuntimeAdmitsRequestsAgain() async throws {
        try await withDemoTarget(.init(rateLimit: RateLimit(requests: 1, window: .seconds(60)))) { target, client in
            let admitted = try await client.get("/api/products")
            let limited = try await client.get("/api/products")
            target.update { $0.rateLimit = nil }
            let unlimited = try await client.get("/api/products")
            #expect([admitted.status, limited.status, unlimited.status] == [Int]([200, 429, 200]))
        }
    }

    @Test func errorRateOneFailsEveryAPIRequestButNotHealth() async throws {
        try await withDemoTarget(.init(errorRate: 1)) { target, client in
            for _ in 0..<5 {
                let reply = try await client.get("/api/products")
                #expect(reply.status == 500)
                #expect(try reply.json()["error"] as? String == "injected failure")
            }
            #expect(try await client.get("/health").status == 200)
            target.update { $0.errorRate = 0 }
            #expect(try await client.get("/api/products").status == 200)
        }
    }

    @Test func errorRateHalfFailsRoughlyHalf() async throws {
        try await withDemoTarget(.init(errorRate: 0.5)) { _, client in
            var failures = 0
            for _ in 0..<100 where try await client.get("/api/products").status == 500 {
                failures += 1
            }
            #expect((20...80).contains(failures))
        }
    }

    @Test func fixedLatencyDelaysEveryRequest() async throws {
        try await withDemoTarget(.init(latency: .fixed(.milliseconds(50)))) { _, client in
            let health = try await elapsed { _ = try await client.get("/health") }
            let products = try await elapsed { _ = try await client.get("/api/products") }
            #expect(health >= .milliseconds(50))
            #expect(products >= .milliseconds(50))
        }
    }

    @Test func stallForHoldsRequestsUntilTheFreezeEnds() async throws {
        try await withDemoTarget { target, client in
            let unstalled = try await elapsed { _ = try await client.get("/health") }
            #expect(unstalled < .milliseconds(900))
            target.stall(for: .seconds(1))
            let stalled = try await elapsed {
                let reply = try await client.get("/health")
                #expect(reply.status == 200)
            }
            #expect(stalled >= .milliseconds(900))
        }
    }

    @Test func countsRequestsAndRecordsArrivalsWhenAsked() async throws {
        try await withDemoTarget(.init(recordArrivals: true)) { target, client in
            let before = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<5 {
                _ = try await client.get("/health")
            }
            let after = DispatchTime.now().uptimeNanoseconds
            #expect(target.requestCount == 5)
            let arrivals = target.arrivals()
            #expect(arrivals.count == 5)
            #expect(arrivals == arrivals.sorted())
            #expect(arrivals.allSatisfy { (before...after).contains($0) })
        }
    }

    @Test func arrivalsAreNotRecordedByDefault() async throws {
        try await withDemoTarget { target, client in
            _ = try await client.get("/health")
            #expect(target.requestCount == 1)
            #expect(target.arrivals().isEmpty)
        }
    }
}
