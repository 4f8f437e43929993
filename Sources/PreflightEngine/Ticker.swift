import Foundation
import PreflightMetrics
import Synchronization

/// Closes an interval every `options.interval`: collects each loop's interval measurements,
/// appends a time-series point and hands a tick to the caller.
final class Ticker: Sendable {
    private struct State {
        var points: [TimeSeriesPoint] = []
        /// Every interval, when the run keeps them.
        var intervals: [RecordedInterval] = []
        var lastNanos: UInt64
        /// Every interval so far, added up: the run's measurements, and its only running total.
        var total: LoadMeasurements
    }

    private let recorders: [LoopRecorder]
    private let startNanos: UInt64
    private let options: LoadRunner.Options
    private let launcher: IterationLauncher
    private let driver: any LoadDriver
    private let onTick: @Sendable (LoadRunner.Tick) -> Void
    private let state: Mutex<State>

    init(recorders: [LoopRecorder], stepCounts: [Int], startNanos: UInt64, options: LoadRunner.Options, launcher: IterationLauncher, driver: any LoadDriver, onTick: @escaping @Sendable (LoadRunner.Tick) -> Void) {
        self.recorders = recorders
        self.startNanos = startNanos
        self.options = options
        self.launcher = launcher
        self.driver = driver
        self.onTick = onTick
        self.state = Mutex(State(lastNanos: startNanos, total: LoadMeasurements(stepCounts: stepCounts)))
    }

    var points: [TimeSeriesPoint] { state.withLock { $0.points } }
    var intervals: [RecordedInterval] { state.withLock { $0.intervals } }
    var total: LoadMeasurements { state.withLock { $0.total } }

    /// Ticks until cancelled, on interval boundaries measured from the start (no drift).
    func run() async {
        let intervalNanos = UInt64(options.interval.seconds * 1e9)
        var next = startNanos + intervalNanos
        while !Task.isCancelled {
            let now = MonotonicClock.nanos()
            if now < next {
                try? await Task.sleep(for: .nanoseconds(Int(next - now)))
                if Task.isCancelled { return }
            }
            tick(at: MonotonicClock.nanos())
            next += intervalNanos
        }
    }

    /// The partial interval at the end of the run.
    func finalTick() {
        let now = MonotonicClock.nanos()
        if now - state.withLock({ $0.lastNanos }) > 1_000_000 { tick(at: now) }
    }

    private func tick(at now: UInt64) {
        var interval: LoadMeasurements?
        for recorder in recorders {
            let part = recorder.takeInterval()
            if interval == nil { interval = part } else { interval?.merge(part) }
        }
        guard let interval else { return }
        let elapsed = Double(now - startNanos) / 1e9
        let targetRate: Double
        if case .arrivalRate(let curve, _) = options.executor { targetRate = curve.rate(atSeconds: min(elapsed, curve.totalSeconds - 1e-9)) / Double(options.shard.count) } else { targetRate = 0 }
        let tick = state.withLock { state -> LoadRunner.Tick in
            let point = TimeSeriesPoint(
                interval: interval, elapsedSeconds: elapsed, intervalSeconds: Double(now - state.lastNanos) / 1e9,
                targetRate: targetRate, inFlight: launcher.inFlight
            )
            state.points.append(point)
            let schedule = driver.scheduleStatistics
            if options.keepIntervals {
                state.intervals.append(RecordedInterval(point: point, measurements: interval, schedule: schedule))
            }
            state.lastNanos = now
            state.total.merge(interval)
            let overall = state.total.overall
            return LoadRunner.Tick(
                point: point, interval: interval, total: state.total, plannedSeconds: options.executor.plannedSeconds,
                schedule: schedule, scheduleEnded: driver.hasFinished,
                totalRequests: overall.statistics.count, totalFailures: overall.statistics.failures,
                p95MsSoFar: overall.corrected.ms(atPercentile: 95)
            )
        }
        onTick(tick)
    }
}
