import PreflightPlan
import Synchronization

/// Hands a plan's data rows to flow iterations, one row each, in the plan's order; one feed per
/// run, shared by every event loop, so `sequential` and `unique` hold across loops.
final class DataFeed: Sendable {
    let source: DataSource

    private struct State {
        var next = 0
        var generator = SystemRandomNumberGenerator()
    }

    private let state = Mutex(State())

    init(source: DataSource) {
        self.source = source
    }

    /// The next iteration's row; nil once a `unique` feed has handed out every row.
    func nextRow() -> [String: String]? {
        let rows = source.table.rows
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
        "no unused row left in the data file \(source.file): all \(source.table.rows.count) rows were used once (order: unique); the iteration was not run"
    }
}
