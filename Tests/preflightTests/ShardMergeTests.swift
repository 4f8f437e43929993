import Foundation
import PreflightDemoTarget
import PreflightMetrics
import PreflightReports
import XCTest

/// A run split over three processes of the built binary with a shared start, then merged: the
/// parts add up to the whole schedule, the merged percentiles are those of all recorded values,
/// and a threshold every shard passes on its own fails on the whole, as it would on one machine.
final class ShardMergeTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeScratchDirectory("shards")
    }

    private static let rate = 150.0
    private static let seconds = 3.0

    /// One flow whose path comes from a data file: the first 12 rows are a missing page (404), so
    /// each of three shards meets 4 of them (rows are dealt out in turn) and the whole run 12.
    private func writePlan() throws -> String {
        let rows = (0..<600).map { $0 < 12 ? "/missing-page" : "/health" }
        try (["path"] + rows).joined(separator: "\n").write(to: directory.appendingPathComponent("paths.csv"), atomically: true, encoding: .utf8)
        let plan = directory.appendingPathComponent("split.yaml")
        try """
            name: split
            targets: { api: "${API_URL}" }
            data: { file: paths.csv, order: unique }
            flows:
              visit:
                steps:
                  - { name: page, path: "{{row.path}}", expect: { status: 200 } }
            profiles:
              load: { executor: constant-arrival-rate, rate: \(Int(Self.rate))/s, duration: \(Int(Self.seconds))s, maxInFlight: 1000 }
            thresholds:
              - "errors count < 10"
              - "errors count < 10 over 2s"
              - "http_req_duration p99 < 5s"
            """.write(to: plan, atomically: true, encoding: .utf8)
        return plan.path
    }

    /// Runs the shards as separate processes at once, each on its own thread so none waits for another.
    private func runShards(_ plan: String, target: String, startAt: String, out: URL) async -> [CommandResult?] {
        await withCheckedContinuation { continuation in
            let results = ResultBox(count: 3)
            let group = DispatchGroup()
            for index in 1...3 {
                group.enter()
                Thread {
                    results.set(index - 1, try? CommandRunner.preflight([
                        "run", plan, "--profile", "load", "--shard", "\(index)/3", "--start-at", startAt,
                        "-e", "API_URL=\(target)", "--out", out.path, "--no-html", "--quiet",
                    ]))
                    group.leave()
                }.start()
            }
            group.notify(queue: .global()) { continuation.resume(returning: results.values) }
        }
    }

    private func json(_ path: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    private func reports(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
            .map { directory.appendingPathComponent($0).path }
    }

    func testThreeShardsMergeIntoTheWholeRunJudgedAsOne() async throws {
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(recordArrivals: true))
        defer { Task { await target.stop() } }
        let plan = try writePlan()
        let shardsDirectory = directory.appendingPathComponent("shards")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        // Far enough ahead that three processes start in time even on a slow, busy machine.
        let startAt = formatter.string(from: Date().addingTimeInterval(6))

        let shardResults = await runShards(plan, target: target.baseURL, startAt: startAt, out: shardsDirectory)
        for result in shardResults {
            let result = try XCTUnwrap(result)
            XCTAssertEqual(result.status, 0, "a shard exits 0 once its report is written; the merge judges: \(result.stdout)\(result.stderr)")
        }
        let shardFiles = try reports(in: shardsDirectory)
        XCTAssertEqual(shardFiles.count, 3, "\(shardFiles)")
        try ReportFiles.validateAgainstSchema(shardsDirectory)

        // On its own, each shard passes `errors count < 10` (4 missing pages each).
        var combined = LatencyHistogram()
        for file in shardFiles {
            let shard = try json(file)
            XCTAssertEqual((shard["verdict"] as? [String: Any])?["status"] as? String, "shard")
            let thresholds = shard["thresholds"] as? [[String: Any]] ?? []
            let count = thresholds.first { $0["expression"] as? String == "errors count < 10" }
            let windowed = thresholds.first { $0["expression"] as? String == "errors count < 10 over 2s" }
            XCTAssertEqual(windowed?["passed"] as? Bool, true, "\(file): \(windowed ?? [:])")
            XCTAssertEqual(count?["passed"] as? Bool, true, "\(file): \(count ?? [:])")
            XCTAssertEqual(count?["observed"] as? Double, 4)
            // Every recorded value of the shard, from its lossless record.
            let record = try XCTUnwrap(shard["shard"] as? [String: Any])
            let measurements = try XCTUnwrap(record["measurements"] as? [String: Any])
            for flow in measurements["flows"] as? [[String: Any]] ?? [] {
                for step in flow["steps"] as? [[String: Any]] ?? [] {
                    let data = try JSONSerialization.data(withJSONObject: try XCTUnwrap(step["corrected"]))
                    combined.merge(try JSONDecoder().decode(HistogramEncoding.self, from: data).histogram)
                }
            }
        }

        let merge = try CommandRunner.preflight(["merge", "--plan", plan, "-e", "API_URL=\(target.baseURL)", "--out", directory.appendingPathComponent("merged").path, "--no-html"] + shardFiles)
        XCTAssertEqual(merge.status, 1, "12 missing pages fail `errors count < 10` on the whole run: \(merge.stdout)\(merge.stderr)")
        XCTAssertTrue(merge.stdout.contains("errors count < 10: observed 12"), merge.stdout)
        // A windowed threshold is judged on the merged intervals: the window holding all 12 fails.
        XCTAssertTrue(merge.stdout.contains("errors count < 10 over 2s: observed 12 in the window 0:00-0:02"), merge.stdout)
        try ReportFiles.validateAgainstSchema(directory.appendingPathComponent("merged"))
        let merged = try json(try XCTUnwrap(try reports(in: directory.appendingPathComponent("merged")).first))
        let load = try XCTUnwrap(merged["load"] as? [String: Any])
        let overall = try XCTUnwrap(load["overall"] as? [String: Any])
        let requests = try XCTUnwrap(overall["requests"] as? Int)
        XCTAssertEqual(Double(requests), Self.rate * Self.seconds, accuracy: Self.rate * Self.seconds * 0.005, "the shards together offered the whole schedule")
        // The parts were all there, once each, and on time. (A busy machine may still lag a
        // scheduler past the validity limit; that is the generator's verdict, not the merge's.)
        let causes = (load["validity"] as? [String: Any])?["causes"] as? [String] ?? []
        XCTAssertFalse(causes.contains { $0.contains("missing") || $0.contains("more than once") || $0.contains("after the shared start") }, "\(causes)")

        // The merged percentiles are those of one histogram of every recorded value: exact, not averaged.
        let latency = try XCTUnwrap(overall["correctedLatency"] as? [String: Any])
        let truth = combined.summary
        XCTAssertEqual(latency["count"] as? Int, Int(truth.count))
        XCTAssertEqual(latency["p50Ms"] as? Double, truth.p50Ms)
        XCTAssertEqual(latency["p95Ms"] as? Double, truth.p95Ms)
        XCTAssertEqual(latency["p99Ms"] as? Double, truth.p99Ms)

        // The target saw one smooth stream, not three bursts at the same instants.
        let arrivals = target.arrivals().sorted()
        var busiest = 0
        var start = 0
        for end in arrivals.indices {
            while arrivals[end] - arrivals[start] >= 10_000_000 { start += 1 }
            busiest = max(busiest, end - start + 1)
        }
        XCTAssertLessThanOrEqual(busiest, 10, "no 10 ms window may hold a burst (1.5 expected at this rate)")

        // A missing shard makes the merged run invalid and names it.
        let partial = try CommandRunner.preflight(["merge", "--plan", plan, "-e", "API_URL=\(target.baseURL)", "--out", directory.appendingPathComponent("partial").path, "--no-html"] + shardFiles.prefix(2))
        XCTAssertEqual(partial.status, 3, partial.stdout)
        XCTAssertTrue(partial.stdout.contains("shard 3/3 missing"), partial.stdout)
        // Another plan is refused before anything is judged.
        let otherPlan = directory.appendingPathComponent("other.yaml")
        try (String(contentsOfFile: plan, encoding: .utf8) + "\n# changed\n").write(to: otherPlan, atomically: true, encoding: .utf8)
        let mismatch = try CommandRunner.preflight(["merge", "--plan", otherPlan.path, "-e", "API_URL=\(target.baseURL)", "--out", directory.appendingPathComponent("x").path] + shardFiles)
        XCTAssertEqual(mismatch.status, 2, mismatch.stdout)
        XCTAssertTrue(mismatch.stderr.contains("was made from another plan"), mismatch.stderr)
    }

    func testReportsThatAreNotShardsAreRefused() async throws {
        let target = try await DemoTarget.start()
        defer { Task { await target.stop() } }
        let plan = try writePlan()
        let out = directory.appendingPathComponent("single")
        let single = try CommandRunner.preflight([
            "run", plan, "--profile", "load", "--rate", "20/s", "--duration", "1s", "-e", "API_URL=\(target.baseURL)", "--out", out.path, "--no-html", "--quiet",
        ])
        XCTAssertNotEqual(single.status, 2, single.stderr)
        let refused = try CommandRunner.preflight(["merge", "--plan", plan, "-e", "API_URL=\(target.baseURL)", "--out", directory.appendingPathComponent("m").path] + (try reports(in: out)))
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("is not a shard report"), refused.stderr)
        let badShard = try CommandRunner.preflight(["run", plan, "--profile", "load", "--shard", "4/3", "-e", "API_URL=\(target.baseURL)"])
        XCTAssertEqual(badShard.status, 2, "a shard outside 1...N is refused before anything is sent: \(badShard.stderr)")
    }
}

/// Results written by several threads, read once all are done.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [CommandResult?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: CommandResult?) { lock.withLock { results[index] = value } }
    var values: [CommandResult?] { lock.withLock { results } }
}
