import PreflightEngine
import XCTest

final class RunValidityTests: XCTestCase {
    private func schedule(intended: UInt64, started: UInt64, dropped: UInt64, seconds: Double, target: Double, lagMicros: Int64 = 100) -> ScheduleStatistics {
        var statistics = ScheduleStatistics()
        statistics.intendedIterations = intended
        statistics.startedIterations = started
        statistics.droppedIterations = dropped
        statistics.scheduledSeconds = seconds
        statistics.targetRate = target
        for _ in 0..<100 { statistics.lag.record(micros: lagMicros) }
        return statistics
    }

    func testAHeldScheduleIsValid() {
        XCTAssertTrue(RunValidity.evaluate(schedule(intended: 1000, started: 1000, dropped: 0, seconds: 5, target: 200), openModel: true, maxInFlight: 100).isValid)
    }

    func testEachBrokenCriterionIsNamed() {
        let short = RunValidity.evaluate(schedule(intended: 800, started: 800, dropped: 0, seconds: 5, target: 200), openModel: true, maxInFlight: nil)
        XCTAssertEqual(short.causes.count, 1)
        XCTAssertTrue(short.causes[0].contains("160.0 iterations/s of the 200.0/s target"), short.causes[0])

        let dropped = RunValidity.evaluate(schedule(intended: 1000, started: 950, dropped: 50, seconds: 5, target: 200), openModel: true, maxInFlight: 2)
        XCTAssertTrue(dropped.causes.contains { $0.contains("50 of 1000 iterations (5.0%) were dropped") && $0.contains("2 iterations were already in flight") }, "\(dropped.causes)")

        let late = RunValidity.evaluate(schedule(intended: 1000, started: 1000, dropped: 0, seconds: 5, target: 200, lagMicros: 80_000), openModel: true, maxInFlight: nil)
        XCTAssertTrue(late.causes.contains { $0.contains("scheduler lag p99") }, "\(late.causes)")
    }

    func testClosedModelRunsHaveNoScheduleToMiss() {
        XCTAssertTrue(RunValidity.evaluate(schedule(intended: 10, started: 1, dropped: 9, seconds: 5, target: 200), openModel: false, maxInFlight: nil).isValid)
    }
}
