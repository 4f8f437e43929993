import PreflightEngine
import PreflightMetrics
import PreflightPlan
import XCTest

/// Windowed thresholds and aborts, fed one synthetic interval at a time.
final class ThresholdMonitorTests: XCTestCase {
    private let here = SourceLocation(line: 1, column: 1)

    private var plan: Plan {
        Plan(name: "p", targets: ["api": Target(name: "api", baseURL: "http://127.0.0.1:1")], flows: [
            Flow(name: "browse", steps: [Step(name: "products", path: Template(literal: "/"), location: here)], location: here),
        ])
    }

    /// One second of 100 requests at `latencyMs` (the first `slow` of them at 300 ms), `failed` of them failing.
    private func interval(latencyMs: Int64, slow: Int = 0, failed: Int = 0) -> LoadMeasurements {
        var measurements = LoadMeasurements(stepCounts: [1])
        for index in 0..<100 {
            let latencyMs = index < slow ? 300 : latencyMs
            let timings = PhaseTimings(totalMicros: latencyMs * 1000)
            let step = StepResult(
                flow: "browse", step: "products", outcome: index < failed ? .failed : .passed,
                category: index < failed ? .http5xx : .ok, requestLine: "", status: index < failed ? 500 : 200,
                timings: timings, stepIndex: 0, intendedSendNanos: 1, completedNanos: 1 + UInt64(latencyMs) * 1_000_000
            )
            measurements.record(step, flowIndex: 0)
        }
        return measurements
    }

    private func entry(_ text: String, abort: Bool = false, grace: Double = 0) throws -> ThresholdMonitor.Entry {
        ThresholdMonitor.Entry(threshold: try ThresholdParser.parse(text).get(), abortOnFail: abort, abortGraceSeconds: grace)
    }

    func testAWindowFailsWhenAnyWindowBreaksItEvenIfTheWholeRunPasses() throws {
        var monitor = ThresholdMonitor(plan: plan, entries: [
            try entry("http_req_duration p95 < 100ms over 2s"),
            try entry("http_req_duration p95 < 100ms"),
        ])
        var total = LoadMeasurements(stepCounts: [1])
        // Fifty seconds at 10 ms, with a two-second spell at 300 ms: 4% of the run, so under the whole-run p95.
        for second in 0..<50 {
            let slice = interval(latencyMs: (4...5).contains(second) ? 300 : 10)
            total.merge(slice)
            XCTAssertNil(monitor.add(interval: slice, seconds: 1, total: total, elapsedSeconds: Double(second + 1), schedule: ScheduleStatistics()))
        }
        let outcomes = monitor.outcomes(final: total, seconds: 50, schedule: ScheduleStatistics())
        XCTAssertFalse(outcomes[0].passed, "the window over seconds 5-6 had p95 300 ms")
        XCTAssertEqual(try XCTUnwrap(outcomes[0].observed), 300, accuracy: 1)
        XCTAssertTrue(outcomes[1].passed, "over the whole run the spell is 4% of requests")

        var short = ThresholdMonitor(plan: plan, entries: [try entry("http_req_duration p95 < 100ms over 3s")])
        var calm = LoadMeasurements(stepCounts: [1])
        for second in 0..<6 {
            // Ten slow requests in one second are 3% of any three-second window: under its p95.
            let slice = interval(latencyMs: 10, slow: second == 2 ? 10 : 0)
            calm.merge(slice)
            _ = short.add(interval: slice, seconds: 1, total: calm, elapsedSeconds: Double(second + 1), schedule: ScheduleStatistics())
        }
        XCTAssertTrue(short.outcomes(final: calm, seconds: 6, schedule: ScheduleStatistics())[0].passed)
    }

    func testAbortOnFailWaitsForItsGraceAndNamesTheThreshold() throws {
        var monitor = ThresholdMonitor(plan: plan, entries: [try entry("errors rate < 1%", abort: true, grace: 2)])
        let first = interval(latencyMs: 10, failed: 50)
        var total = first
        XCTAssertNil(monitor.add(interval: first, seconds: 1, total: total, elapsedSeconds: 1, schedule: ScheduleStatistics()), "within the grace period")
        let second = interval(latencyMs: 10, failed: 50)
        total.merge(second)
        let abort = monitor.add(interval: second, seconds: 1, total: total, elapsedSeconds: 2, schedule: ScheduleStatistics())
        XCTAssertTrue(abort?.hasPrefix("errors rate < 1%") ?? false, "\(String(describing: abort))")
    }
}
