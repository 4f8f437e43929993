@testable import PreflightEngine
import PreflightPlan
import XCTest

/// Splitting a run: the shards' schedules together are exactly the single-process schedule, and
/// each shard's own part is still evenly spread.
final class ShardScheduleTests: XCTestCase {
    private func arrivals(_ curve: ArrivalCurve, _ spacing: ArrivalSpacing = .even, shard: Shard = .whole) -> [ArrivalSchedule.Arrival] {
        var schedule = ArrivalSchedule(curve: curve, spacing: spacing, weights: [7, 2, 1], shard: shard)
        var result: [ArrivalSchedule.Arrival] = []
        while let next = schedule.next() { result.append(next) }
        return result
    }

    private func assertShardsAddUpToTheWhole(_ curve: ArrivalCurve, _ spacing: ArrivalSpacing = .even, count: Int, file: StaticString = #filePath, line: UInt = #line) {
        let whole = arrivals(curve, spacing)
        let parts = (0..<count).map { arrivals(curve, spacing, shard: Shard(index: $0, count: count)!) }
        XCTAssertEqual(parts.flatMap { $0 }.sorted { $0.number < $1.number }, whole, "the union is the single schedule", file: file, line: line)
        XCTAssertEqual(Set(parts.flatMap { $0 }.map(\.number)).count, whole.count, "no arrival is in two shards", file: file, line: line)
        let sizes = parts.map(\.count)
        XCTAssertLessThanOrEqual((sizes.max() ?? 0) - (sizes.min() ?? 0), 1, "shards get equal parts: \(sizes)", file: file, line: line)
    }

    func testConstantRateShardsAddUpToTheSingleSchedule() {
        let curve = ArrivalCurve.constant(rate: 200, duration: .seconds(3))
        for count in [1, 2, 3, 7] { assertShardsAddUpToTheWhole(curve, count: count) }
        // Each part is itself evenly spaced, at the rate's share: one arrival every 3 / 200 s.
        let part = arrivals(curve, shard: Shard(index: 1, count: 3)!)
        let gaps = zip(part.dropFirst(), part).map { $0.offsetSeconds - $1.offsetSeconds }
        for gap in gaps { XCTAssertEqual(gap, 0.015, accuracy: 1e-9) }
        XCTAssertEqual(part.first?.offsetSeconds ?? -1, 0.005, accuracy: 1e-9, "shard 2/3 starts one arrival after shard 1/3")
    }

    func testRampingAndPoissonShardsAddUpToTheSingleSchedule() {
        let ramp = ArrivalCurve.ramping(stages: [
            RateStage(target: 300, duration: .seconds(2)), RateStage(target: 300, duration: .seconds(1)), RateStage(target: 0, duration: .seconds(2)),
        ])
        assertShardsAddUpToTheWhole(ramp, count: 3)
        assertShardsAddUpToTheWhole(ramp, .poisson(seed: 42), count: 4)
        // The flow of each arrival is the one a single process would pick for it.
        let whole = arrivals(ramp)
        let third = arrivals(ramp, shard: Shard(index: 2, count: 3)!)
        for arrival in third { XCTAssertEqual(arrival.flowIndex, whole[arrival.number].flowIndex) }
    }

    func testEachEventLoopsPartAddsUpToItsShard() {
        // A process splits its shard again between its event loops, each pacing its own part.
        let ramp = ArrivalCurve.ramping(stages: [RateStage(target: 300, duration: .seconds(2)), RateStage(target: 0, duration: .seconds(1))])
        for spacing in [ArrivalSpacing.even, .poisson(seed: 7)] {
            for shard in [Shard.whole, Shard(index: 1, count: 3)!] {
                let mine = arrivals(ramp, spacing, shard: shard)
                for loops in [1, 2, 3] {
                    let parts = (0..<loops).map { arrivals(ramp, spacing, shard: shard.part($0, of: loops)) }
                    XCTAssertEqual(parts.flatMap { $0 }.sorted { $0.number < $1.number }, mine, "\(shard) over \(loops) loops")
                    let sizes = parts.map(\.count)
                    XCTAssertLessThanOrEqual((sizes.max() ?? 0) - (sizes.min() ?? 0), 1, "loops get equal parts: \(sizes)")
                }
            }
        }
    }

    func testShardsParseAndShareUsers() {
        XCTAssertEqual(Shard(parsing: "2/3"), Shard(index: 1, count: 3))
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/3/4"] { XCTAssertNil(Shard(parsing: bad), bad) }
        XCTAssertEqual(Shard(parsing: "2/3")?.description, "2/3")
        for total in [0, 1, 5, 10, 11] {
            let shares = (0..<3).map { Shard(index: $0, count: 3)!.share(of: total) }
            XCTAssertEqual(shares.reduce(0, +), total)
            XCTAssertLessThanOrEqual((shares.max() ?? 0) - (shares.min() ?? 0), 1)
        }
    }
}
