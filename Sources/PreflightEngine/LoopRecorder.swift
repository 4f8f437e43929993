import PreflightMetrics
import Synchronization

/// The measurements of one event loop: written by that loop's thread for every completed step,
/// read by the run's ticker once per interval.
///
/// One recorder per loop means the lock is only ever contended at an interval boundary, never
/// between two requests: the hot path takes an uncontended lock and adds to histograms. Each
/// request is recorded once, into the current interval; the ticker adds intervals up to the total.
final class LoopRecorder: Sendable {
    private struct State {
        var interval: LoadMeasurements
        var samples: [FailureSampleKey: [StepResult]] = [:]
        /// After a hard stop, cancelled transfers must not count as failures of the target.
        var closed = false
    }

    /// Failure samples kept per step and category: enough to see a pattern, bounded for long runs.
    static let samplesPerKey = 3

    private let stepCounts: [Int]
    private let state: Mutex<State>

    init(stepCounts: [Int]) {
        self.stepCounts = stepCounts
        state = Mutex(State(interval: LoadMeasurements(stepCounts: stepCounts)))
    }

    func record(_ step: StepResult, flowIndex: Int) {
        state.withLock { state in
            guard !state.closed else { return }
            state.interval.record(step, flowIndex: flowIndex)
            if step.outcome == .failed, let category = step.category {
                let key = FailureSampleKey(flow: flowIndex, step: step.stepIndex, category: category)
                if state.samples[key, default: []].count < Self.samplesPerKey { state.samples[key, default: []].append(step) }
            }
        }
    }

    func record(_ iteration: FlowIterationResult, flowIndex: Int) {
        state.withLock { state in
            guard !state.closed else { return }
            state.interval.record(iteration, flowIndex: flowIndex)
        }
    }

    /// The measurements since the previous call, leaving behind an empty interval whose
    /// histograms are sized like the one taken (latencies change little from one interval to the next).
    func takeInterval() -> LoadMeasurements {
        state.withLock { state in
            let taken = state.interval
            state.interval = taken.emptied()
            return taken
        }
    }

    /// Stops recording and hands over what no interval has taken yet, and the failure samples.
    func close() -> (LoadMeasurements, [FailureSampleKey: [StepResult]]) {
        state.withLock { state in
            state.closed = true
            return (state.interval, state.samples)
        }
    }
}

/// Which failure samples a recorder keeps apart.
struct FailureSampleKey: Hashable, Sendable {
    var flow: Int
    var step: Int
    var category: ResultCategory
}
