@testable import PreflightEngine
import PreflightPlan
import XCTest

/// The schedule decides every intended start; these pin down its arithmetic without a clock.
final class ArrivalScheduleTests: XCTestCase {
    func testConstantRateSpacesArrivalsEvenlyAndEndsOnTime() throws {
        let curve = ArrivalCurve.constant(rate: 200, duration: .seconds(2))
        XCTAssertEqual(curve.totalArrivals, 400)
        XCTAssertEqual(try XCTUnwrap(curve.seconds(atCumulativeArrivals: 0)), 0)
        XCTAssertEqual(try XCTUnwrap(curve.seconds(atCumulativeArrivals: 1)), 0.005, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(curve.seconds(atCumulativeArrivals: 399)), 1.995, accuracy: 1e-9)
        XCTAssertNil(curve.seconds(atCumulativeArrivals: 400), "the 401st arrival falls after the end")
    }

    func testRampingStagesIntegrateTheRate() throws {
        // 0 → 200/s over 10 s (1000 arrivals), hold 200/s for 5 s (1000), down to 0 over 10 s (1000).
        let curve = ArrivalCurve.ramping(stages: [
            RateStage(target: 200, duration: .seconds(10)),
            RateStage(target: 200, duration: .seconds(5)),
            RateStage(target: 0, duration: .seconds(10)),
        ])
        XCTAssertEqual(curve.totalArrivals, 3000, accuracy: 1e-9)
        XCTAssertEqual(curve.rate(atSeconds: 5), 100, accuracy: 1e-9)
        XCTAssertEqual(curve.rate(atSeconds: 12), 200, accuracy: 1e-9)
        XCTAssertEqual(curve.rate(atSeconds: 20), 100, accuracy: 1e-9)
        // During the ramp up A(t) = 10 t², so arrival 250 is due at t = 5 s.
        XCTAssertEqual(try XCTUnwrap(curve.seconds(atCumulativeArrivals: 250)), 5, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(curve.seconds(atCumulativeArrivals: 1500)), 12.5, accuracy: 1e-9)
        // Ramp down: 2000 + (200 t − 10 t²) = 2750 at t = 5 s into the last stage.
        XCTAssertEqual(try XCTUnwrap(curve.seconds(atCumulativeArrivals: 2750)), 20, accuracy: 1e-9)
        XCTAssertNil(curve.seconds(atCumulativeArrivals: 3000))
    }

    func testPoissonSpacingKeepsTheMeanRateButVariesGaps() throws {
        var sequence = ArrivalSequence(.poisson(seed: 42))
        let positions = (0..<20_000).map { _ in sequence.advance() }
        let gaps = zip(positions.dropFirst(), positions).map { $0 - $1 }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        XCTAssertEqual(mean, 1, accuracy: 0.03, "unit exponential gaps average one arrival")
        XCTAssertGreaterThan(gaps.max() ?? 0, 5, "an exponential tail, not even spacing")
        var again = ArrivalSequence(.poisson(seed: 42))
        XCTAssertEqual(again.advance(), positions[0], "a seed makes the schedule repeatable")
        var even = ArrivalSequence(.even)
        XCTAssertEqual((0..<3).map { _ in even.advance() }, [0, 1, 2])
    }

    func testFlowMixFollowsWeightsExactlyAndInterleaves() {
        var mix = FlowMix(weights: [7, 2, 1])
        let picks = (0..<100).map { _ in mix.next() }
        XCTAssertEqual(picks.filter { $0 == 0 }.count, 70)
        XCTAssertEqual(picks.filter { $0 == 1 }.count, 20)
        XCTAssertEqual(picks.filter { $0 == 2 }.count, 10)
        let firstTen = Array(picks.prefix(10))
        XCTAssertEqual(firstTen.filter { $0 == 2 }.count, 1, "every ten picks hold the whole mix")
        XCTAssertFalse(firstTen.starts(with: [0, 0, 0, 0, 0, 0, 0]), "the heavy flow is spread out, not run in a block")
    }

    func testOverridesResolveProfileExecutors() {
        let constant = LoadShape.from(.constantArrivalRate(rate: 200, duration: .seconds(30), maxInFlight: nil), rate: 50, duration: .seconds(2))
        XCTAssertEqual(constant, .arrivalRate(.constant(rate: 50, duration: .seconds(2)), maxInFlight: LoadShape.defaultMaxInFlight))
        let users = LoadShape.from(.constantVUs(vus: 10, duration: .seconds(60), thinkTime: .seconds(1)), users: 3)
        XCTAssertEqual(users, .virtualUsers(3, duration: .seconds(60), thinkTime: .seconds(1)))
        XCTAssertNil(LoadShape.from(.smoke(iterations: 1)))
    }
}
