import PreflightDemoTarget
import PreflightEngine
import PreflightMetrics
import PreflightPlan
import XCTest

/// Load runs against the in-process demo target on loopback, with known injected latency.
final class LoadRunnerIntegrationTests: XCTestCase {
    private func plan(baseURL: String) throws -> Plan {
        try PlanLoader(environment: ["API_URL": baseURL]).load(text: """
            name: load
            targets: { api: "${API_URL}" }
            flows:
              browse:
                steps:
                  - { name: products, path: /api/products, expect: { status: 200 } }
            """, file: "load.yaml")
    }

    private func run(_ plan: Plan, _ executor: LoadExecutor, connections: Int? = nil, during: (@Sendable () async -> Void)? = nil) async -> LoadRunResult {
        let transport = HTTPTransport(eventLoops: 2, maxConnections: connections)
        defer { transport.shutdown() }
        let runner = LoadRunner(plan: plan, transport: transport, options: LoadRunner.Options(executor: executor, drainTimeout: .seconds(5)))
        let side = Task { await during?() }
        let result = await runner.run()
        await side.value
        return result
    }

    /// The value below which `percentile` percent of the samples fall (nearest rank).
    private func percentile(_ percentile: Double, of sorted: [Double]) -> Double {
        sorted[max(0, Int((percentile / 100 * Double(sorted.count)).rounded(.up)) - 1)]
    }

    func testPercentilesAndCountMatchTheServerSideTruth() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(
            latency: .uniform(min: .milliseconds(20), max: .milliseconds(60)), recordArrivals: true
        ))
        let result = await run(try plan(baseURL: target.baseURL), .arrivalRate(.constant(rate: 100, duration: .seconds(4)), maxInFlight: 1000))
        let truth = target.serverTimes().map { $0.seconds * 1000 }.sorted()
        await target.stop()

        let step = result.measurements.flows[0].steps[0]
        XCTAssertEqual(Double(step.statistics.count), 400, accuracy: 4, "requests within 1% of rate × duration")
        XCTAssertEqual(truth.count, Int(step.statistics.count))
        let service = step.statistics.total.summary
        for (measured, p) in [(service.p50Ms, 50.0), (service.p95Ms, 95), (service.p99Ms, 99)] {
            let expected = percentile(p, of: truth)
            // The server's clock covers the injected latency and its own work; the client adds only loopback.
            XCTAssertEqual(measured, expected, accuracy: max(1, expected * 0.03), "p\(p): measured \(measured) ms, server-side \(expected) ms")
        }
        let corrected = step.corrected.summary
        XCTAssertEqual(corrected.p99Ms, service.p99Ms, accuracy: max(1, service.p99Ms * 0.03), "nothing queued, so corrected equals service time")
        XCTAssertTrue(RunValidity.evaluate(result.schedule, openModel: true, maxInFlight: 1000).isValid)
    }

    func testArrivalsReachTheTargetAsASmoothStream() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(recordArrivals: true))
        _ = await run(try plan(baseURL: target.baseURL), .arrivalRate(.constant(rate: 200, duration: .seconds(2)), maxInFlight: 1000))
        let arrivals = target.arrivals().sorted()
        await target.stop()
        XCTAssertEqual(Double(arrivals.count), 400, accuracy: 4)
        // Slide a 10 ms window over the arrivals: 200/s means 2 per window; bursts would show as many more.
        var busiest = 0
        var start = 0
        for end in arrivals.indices {
            while arrivals[end] - arrivals[start] >= 10_000_000 { start += 1 }
            busiest = max(busiest, end - start + 1)
        }
        XCTAssertLessThanOrEqual(busiest, 5, "no 10 ms window may hold more than a few more than 2 arrivals")
    }

    func testAStallShowsInCorrectedLatencyButNotInServiceTime() async throws {
        let target = try await DemoTarget.start()
        // A fixed pool of 4 connections, as wrk2 keeps: during the stall, new requests wait unsent.
        let result = await run(
            try plan(baseURL: target.baseURL), .arrivalRate(.constant(rate: 200, duration: .seconds(5)), maxInFlight: 10_000),
            connections: 4,
            during: {
                try? await Task.sleep(for: .seconds(2))
                target.stall(for: .seconds(1))
            }
        )
        await target.stop()
        let step = result.measurements.flows[0].steps[0]
        XCTAssertEqual(step.statistics.countsByCategory[.ok], 1000)
        XCTAssertGreaterThan(step.corrected.summary.p99Ms, 700, "users arriving during the stall waited up to a second")
        XCTAssertLessThan(step.statistics.total.summary.p99Ms, 100, "once sent, requests were served quickly")
    }

    func testAnImpossibleInFlightCapDropsIterationsAndInvalidatesTheRun() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(latency: .fixed(.milliseconds(200))))
        let result = await run(try plan(baseURL: target.baseURL), .arrivalRate(.constant(rate: 100, duration: .seconds(1)), maxInFlight: 2))
        await target.stop()
        XCTAssertGreaterThan(result.schedule.droppedIterations, 80)
        XCTAssertEqual(result.schedule.droppedIterations + result.schedule.startedIterations, result.schedule.intendedIterations)
        let validity = RunValidity.evaluate(result.schedule, openModel: true, maxInFlight: 2)
        XCTAssertFalse(validity.isValid)
        XCTAssertTrue(validity.causes.contains { $0.contains("dropped") && $0.contains("max in-flight cap") }, "\(validity.causes)")
    }

    func testVirtualUsersRunBackToBack() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(latency: .fixed(.milliseconds(10))))
        let result = await run(try plan(baseURL: target.baseURL), .virtualUsers(2, duration: .seconds(1), thinkTime: .zero))
        await target.stop()
        let requests = result.measurements.flows[0].steps[0].statistics.count
        // Two users, each ~10 ms per iteration, for one second: roughly 200, never far above.
        XCTAssertGreaterThan(requests, 100)
        XCTAssertLessThan(requests, 220)
        XCTAssertEqual(result.schedule.droppedIterations, 0)
    }

    func testTimeSeriesHasOnePointPerInterval() async throws {
        let target = try await DemoTarget.start()
        let result = await run(try plan(baseURL: target.baseURL), .arrivalRate(.constant(rate: 50, duration: .seconds(3)), maxInFlight: 100))
        await target.stop()
        XCTAssertGreaterThanOrEqual(result.timeSeries.count, 3)
        XCTAssertLessThanOrEqual(result.timeSeries.count, 4)
        let full = result.timeSeries.filter { $0.intervalSeconds > 0.9 }
        XCTAssertTrue(full.allSatisfy { abs($0.requestRate - 50) <= 3 }, "\(full.map(\.requestRate))")
        XCTAssertEqual(result.timeSeries.reduce(0) { $0 + $1.requests }, 150)
        for (index, point) in result.timeSeries.prefix(3).enumerated() {
            XCTAssertEqual(point.elapsedSeconds, Double(index + 1), accuracy: 0.25, "interval \(index + 1) closed on time")
        }
    }
}
