import PreflightPlan
import Synchronization

/// Hands a plan's data rows to flow iterations, one row each, in the plan's order; one feed per
/// run, shared by every event loop, so `sequential` and `unique` hold across loops. A shard of a
/// split run gets every `count`-th row, so no two shards use the same row.
final class DataFeed: Sendable {
    let source: DataSource
    private let rows: [[String: String]]

    private struct State {
        var next = 0
        var generator = SystemRandomNumberGenerator()
    }

    private let state = Mutex(State())

    init(source: DataSource, shard: Shard = .whole) {
        self.source = source
        rows = source.table.rows.enumerated().filter { shard.owns($0.offset) }.map(\.element)
    }

    /// The next iteration's row; nil once a `unique` feed has handed out every row, or when this
    /// shard has no row at all (fewer rows than shards).
    func nextRow() -> [String: String]? {
        guard !rows.isEmpty else { return nil }
        return state.withLock { state -> [String: String]? in
            switch source.order {
            case .sequential:
                defer { state.next += 1 }
                return rows[state.next % rows.count]
            case .random:
                return rows[Int.random(in: 0..<rows.count, using: &state.generator)]
            case .unique:
                guard state.next < rows.count else { return nil }
                defer { state.next += 1 }
                return rows[state.next]
            }
        }
    }

    /// Why an iteration got no row, for its failed first step.
    var exhaustedMessage: String {
        rows.isEmpty
            ? "no row of the data file \(source.file) is this shard's (\(source.table.rows.count) rows for more shards); the iteration was not run"
            : "no unused row left in the data file \(source.file): all \(rows.count) rows were used once (order: unique); the iteration was not run"
    }
}
