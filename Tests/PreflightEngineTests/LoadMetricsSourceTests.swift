import PreflightEngine
import PreflightMetrics
import PreflightPlan
import XCTest

/// Threshold selectors count exactly what they name, from the engine's own measurements.
final class LoadMetricsSourceTests: XCTestCase {
    private let here = SourceLocation(line: 1, column: 1)

    private var plan: Plan {
        Plan(name: "p", targets: ["api": Target(name: "api", baseURL: "http://127.0.0.1:1")], flows: [
            Flow(name: "browse", steps: [Step(name: "products", path: Template(literal: "/"), location: here)], location: here),
            Flow(name: "checkout", steps: [Step(name: "pay", path: Template(literal: "/"), location: here)], location: here),
        ])
    }

    private func step(_ status: Int?, _ category: ResultCategory, millis: Int64 = 1) -> StepResult {
        StepResult(
            flow: "browse", step: "products", outcome: category == .ok ? .passed : .failed, category: category,
            requestLine: "", status: status, timings: PhaseTimings(totalMicros: millis * 1000), stepIndex: 0,
            intendedSendNanos: 1, completedNanos: 1 + UInt64(millis) * 1_000_000
        )
    }

    private func source() -> LoadMetricsSource {
        var measurements = LoadMeasurements(stepCounts: [1, 1])
        for _ in 0..<90 { measurements.record(step(200, .ok), flowIndex: 0) }
        for _ in 0..<4 { measurements.record(step(503, .http5xx), flowIndex: 0) }
        measurements.record(step(500, .http5xx), flowIndex: 0)
        for _ in 0..<5 { measurements.record(step(nil, .timeout, millis: 5000), flowIndex: 0) }
        return LoadMetricsSource(plan: plan, measurements: measurements, seconds: 10, droppedByFlow: [1: 3], intendedByFlow: [0: 100, 1: 50])
    }

    private func observe(_ text: String) throws -> Double? {
        let threshold = try ThresholdParser.parse(text).get()
        return source().observe(threshold.metric, filters: threshold.selector, aggregation: threshold.aggregation)
    }

    func testStatusAndCategorySelectorsAreExact() throws {
        XCTAssertEqual(try observe("errors rate < 1%"), 0.10)
        XCTAssertEqual(try observe("errors{status:5xx} count < 1"), 5)
        XCTAssertEqual(try observe("errors{status:503} count < 1"), 4)
        XCTAssertEqual(try observe("errors{status:2xx} count < 1"), 0, "no 2xx response failed")
        XCTAssertEqual(try observe("errors{category:timeout} count < 1"), 5)
        XCTAssertEqual(try observe("requests{status:2xx} count > 1"), 90)
        XCTAssertEqual(try observe("requests rate > 1/s"), 10)
    }

    func testDroppedIterationsFollowTheFlowSelector() throws {
        XCTAssertEqual(try observe("dropped_iterations count < 1"), 3)
        XCTAssertEqual(try observe("dropped_iterations{flow:browse} count < 1"), 0)
        XCTAssertEqual(try observe("dropped_iterations{flow:checkout} rate < 1/s"), 0.3)
    }

    func testLatencyIncludesEveryRequestAndStatusFiltersOnLatencyHaveNoData() throws {
        XCTAssertEqual(try XCTUnwrap(try observe("http_req_duration max < 1s")), 5000, accuracy: 5, "timeouts count in latency, at the time they took")
        XCTAssertNil(try observe("http_req_duration{status:5xx} p95 < 1ms"), "latency is not kept per status: the threshold fails as unjudgeable")
    }
}
