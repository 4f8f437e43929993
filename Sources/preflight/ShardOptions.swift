import ArgumentParser
import Foundation
import PreflightEngine
import PreflightRun

/// Splitting one load run over several processes or machines: which part this process runs and
/// when every part starts. On Kubernetes, an Indexed Job's `JOB_COMPLETION_INDEX` picks the part.
struct ShardOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run part I of N of the load (1-based), e.g. 2/3; merge the parts with `preflight merge`.", valueName: "I/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Split into N parts and run the one $JOB_COMPLETION_INDEX (0-based, set by a Kubernetes Indexed Job) names.", valueName: "N"))
    var shards: Int?

    @Option(name: .customLong("start-at"), help: ArgumentHelp(
        "Start the schedule at this instant (RFC 3339 or Unix seconds), the same for every part; a part that starts later counts the arrivals it missed as dropped.",
        valueName: "time"))
    var startAt: String?

    func validate() throws {
        if shard != nil, shards != nil { throw ValidationError("--shard and --shards are two ways to say the same; give one") }
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard expects I/N with 1 <= I <= N, such as 2/3; got '\(shard)'")
        }
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1") }
        if let startAt, ShardOptions.date(startAt) == nil {
            throw ValidationError("--start-at expects an RFC 3339 time (2026-12-01T10:00:00Z) or Unix seconds; got '\(startAt)'")
        }
    }

    /// The part to run, or why it cannot be known.
    func resolved(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Shard {
        if let shard { return Shard(parsing: shard) ?? .whole }
        guard let shards else { return .whole }
        guard let text = environment["JOB_COMPLETION_INDEX"], let index = Int(text), let shard = Shard(index: index, count: shards) else {
            throw ValidationError("--shards \(shards) needs $JOB_COMPLETION_INDEX from 0 to \(shards - 1) (a Kubernetes Indexed Job sets it); use --shard I/N elsewhere")
        }
        return shard
    }

    var startDate: Date? { startAt.flatMap(ShardOptions.date) }

    static func date(_ text: String) -> Date? {
        ShardTime.date(text)
    }
}
