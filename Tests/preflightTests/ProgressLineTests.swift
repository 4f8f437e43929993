@testable import preflight
@testable import PreflightEngine
import XCTest

/// The live progress line: what an engineer watches while a load test runs.
final class ProgressLineTests: XCTestCase {
    private func tick(elapsed: Double, interval: Double = 1, target: Double = 200) -> LoadRunner.Tick {
        LoadRunner.Tick(
            point: TimeSeriesPoint(
                elapsedSeconds: elapsed, intervalSeconds: interval, targetRate: target, requestRate: 219.5, requests: 220,
                errors: [:], p50Ms: 1, p95Ms: 2, p99Ms: 3, inFlight: 7
            ),
            interval: LoadMeasurements(stepCounts: []), total: LoadMeasurements(stepCounts: []), plannedSeconds: 60, schedule: ScheduleStatistics(), scheduleEnded: false,
            totalRequests: 2000, totalFailures: 5, p95MsSoFar: 12.34
        )
    }

    func testTheLineShowsElapsedTargetRateInFlightErrorsAndP95() {
        XCTAssertEqual(
            ProgressPrinter.line(tick(elapsed: 12)),
            "[  12s/60s] target 200 it/s, 219.5 req/s, in flight 7, errors 0.25%, p95 12.3 ms"
        )
        XCTAssertFalse(ProgressPrinter.line(tick(elapsed: 12, target: 0)).contains("target"), "closed-model runs have no target rate")
    }

    func testCILogsGetALineEveryTenSeconds() {
        let due = (1...30).filter { ProgressPrinter.logLineDue(elapsedSeconds: Double($0), intervalSeconds: 1) }
        XCTAssertEqual(due, [10, 20, 30])
        XCTAssertTrue(ProgressPrinter.logLineDue(elapsedSeconds: 10.4, intervalSeconds: 1.0), "a late tick still prints")
    }
}
