import Foundation
import PreflightMetrics
import PreflightPlan
import Synchronization

/// The pre-launch load test: drives a plan's flows with an executor, samples an interval time
/// series, and stops at the end of the schedule, on request (a signal, an aborting threshold) or
/// at once on a second request.
public final class LoadRunner: Sendable {
    public struct Options: Sendable {
        public var executor: LoadShape
        public var spacing: ArrivalSpacing
        /// Length of one time-series interval.
        public var interval: Duration
        /// After the schedule ends (or a graceful stop), how long in-flight iterations may finish.
        public var drainTimeout: Duration
        /// This process's part of a split run; `.whole` otherwise.
        public var shard: Shard
        /// The wall-clock instant the schedule starts (`--start-at`), shared by every shard; nil
        /// starts at once. Waited for when in the future; when already past, the arrivals due
        /// before this process was ready count as dropped.
        public var startAt: Date?
        /// Keep every interval's measurements in the result (for merging shard reports exactly).
        public var keepIntervals: Bool

        public init(
            executor: LoadShape, spacing: ArrivalSpacing = .even, interval: Duration = .seconds(1), drainTimeout: Duration = .seconds(30),
            shard: Shard = .whole, startAt: Date? = nil, keepIntervals: Bool = false
        ) {
            self.executor = executor
            self.spacing = spacing
            self.interval = interval
            self.drainTimeout = drainTimeout
            self.shard = shard
            self.startAt = startAt
            self.keepIntervals = keepIntervals
        }
    }

    /// What the caller sees at each interval, and may answer by stopping the run.
    public struct Tick: Sendable {
        public var point: TimeSeriesPoint
        /// The interval's measurements, for thresholds evaluated over time windows.
        public var interval: LoadMeasurements
        /// The run so far, interval included: the ticker's running total, shared, not copied.
        public var total: LoadMeasurements
        public var plannedSeconds: Double
        public var schedule: ScheduleStatistics
        /// The driver has stopped starting iterations: what follows is the drain, which thresholds
        /// watching the run must not judge (no arrivals, only the slowest completions).
        public var scheduleEnded: Bool
        /// Since the start: requests, failed requests, and corrected latency p95 in milliseconds.
        public var totalRequests: UInt64
        public var totalFailures: UInt64
        public var p95MsSoFar: Double
    }

    private enum Stop: Sendable {
        case none
        case graceful(StopReason)
        case immediate(StopReason)
    }

    private let plan: Plan
    private let transport: HTTPTransport
    private let options: Options
    private let stopState = Mutex(Stop.none)
    /// Fired by `stop`, and at the end of the schedule to release the wait on it.
    private let stopEvent = OneShotEvent()

    public init(plan: Plan, transport: HTTPTransport, options: Options) {
        self.plan = plan
        self.transport = transport
        self.options = options
    }

    /// Ends the run early. The first request stops new iterations and lets in-flight ones finish
    /// within the drain timeout; a second one stops without waiting.
    public func stop(_ reason: StopReason) {
        stopState.withLock { state in
            switch state {
            case .none: state = .graceful(reason)
            case .graceful(let first): state = .immediate(first)
            case .immediate: break
            }
        }
        stopEvent.fire()
    }

    /// Runs to the end. `onTick` runs once per interval on a background task.
    public func run(onTick: @escaping @Sendable (Tick) -> Void = { _ in }) async -> LoadRunResult {
        let recorders = (0..<transport.eventLoopCount).map { _ in LoopRecorder(stepCounts: plan.flows.map(\.steps.count)) }
        let launcher = IterationLauncher(plan: plan, transport: transport, recorders: recorders, shard: options.shard)
        let driver = makeDriver(launcher: launcher)
        if let startAt = options.startAt { await waitUntil(startAt) }
        let readyNanos = MonotonicClock.nanos()
        let ready = Date()
        // Late for a shared start: time zero is when the start was, so this shard's arrivals keep
        // their places in the whole run's schedule; the ones already due are missed, not sent.
        let lateSeconds = options.startAt.map { max(0, ready.timeIntervalSince($0)) } ?? 0
        let startNanos = readyNanos - min(readyNanos, UInt64(lateSeconds * 1e9))
        let startedAt = options.startAt.map { lateSeconds > 0 ? $0 : ready } ?? ready
        // Stopped while waiting for the start: nothing is sent.
        if currentStopReason != nil { driver.stop() }
        // Within the scheduler's own tolerance a late start is lag, not a miss.
        driver.start(at: startNanos, missedBeforeNanos: lateSeconds > Self.lateStartTolerance ? readyNanos : 0)

        let ticker = Ticker(recorders: recorders, stepCounts: plan.flows.map(\.steps.count), startNanos: startNanos, options: options, launcher: launcher, driver: driver, onTick: onTick)
        let tickTask = Task { await ticker.run() }

        await waitForScheduleOrStop(driver: driver, plannedSeconds: options.executor.plannedSeconds)
        driver.stop()
        await driver.waitUntilFinished()
        await drain(launcher)

        tickTask.cancel()
        await tickTask.value
        ticker.finalTick()

        var measurements = ticker.total
        var samples: [FailureSampleKey: [StepResult]] = [:]
        for recorder in recorders {
            let (total, recorded) = recorder.close()
            measurements.merge(total)
            samples.merge(recorded) { $0 + $1 }
        }
        return LoadRunResult(
            plan: plan, executor: options.executor, spacing: options.spacing, startedAt: startedAt, endedAt: Date(),
            elapsedSeconds: Double(MonotonicClock.nanos() - startNanos) / 1e9,
            measurements: measurements, timeSeries: ticker.points, schedule: driver.scheduleStatistics,
            failureSamples: samples.sorted { ($0.key.flow, $0.key.step, $0.key.category) < ($1.key.flow, $1.key.step, $1.key.category) }.flatMap(\.value),
            stopReason: currentStopReason, inFlightAtEnd: launcher.inFlight,
            shard: options.shard, lateSeconds: lateSeconds, intervals: ticker.intervals
        )
    }

    /// How late a shard may start before the arrivals already due count as missed: the lag a
    /// valid run tolerates (see ``RunValidity/Criteria``).
    static let lateStartTolerance = 0.05

    /// Sleeps until the shared start time, or until a stop request (checked every 50 ms).
    private func waitUntil(_ instant: Date) async {
        while currentStopReason == nil {
            let remaining = instant.timeIntervalSinceNow
            guard remaining > 0 else { return }
            try? await Task.sleep(for: .seconds(min(remaining, 0.05)))
        }
    }

    private var currentStopReason: StopReason? {
        stopState.withLock { state in
            switch state {
            case .none: nil
            case .graceful(let reason), .immediate(let reason): reason
            }
        }
    }

    private var stopsImmediately: Bool {
        stopState.withLock { if case .immediate = $0 { true } else { false } }
    }

    private func makeDriver(launcher: IterationLauncher) -> any LoadDriver {
        let weights = plan.flows.map(\.weight)
        switch options.executor {
        case .arrivalRate(let curve, let maxInFlight):
            return OpenModelDriver(
                curve: curve, spacing: options.spacing, weights: weights, maxInFlight: maxInFlight, shard: options.shard, launcher: launcher,
                transport: transport)
        case .virtualUsers(let users, let duration, let thinkTime):
            return ClosedModelDriver(users: options.shard.share(of: users), duration: duration, thinkTime: thinkTime, weights: weights, launcher: launcher, loopCount: transport.eventLoopCount)
        }
    }

    /// Returns when the schedule is over or a stop was requested.
    private func waitForScheduleOrStop(driver: any LoadDriver, plannedSeconds: Double) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await driver.waitUntilFinished() }
            group.addTask { [stopEvent] in await stopEvent.wait() }
            await group.next()
            // Whichever came first, the other waiter must end too. The event only wakes the waiter:
            // why a run stopped is kept in `stopState`, so this does not count as a stop request.
            driver.stop()
            stopEvent.fire()
            await group.waitForAll()
        }
    }

    /// Lets in-flight iterations finish, up to the drain timeout or an immediate stop.
    private func drain(_ launcher: IterationLauncher) async {
        let deadline = MonotonicClock.nanos() + UInt64(options.drainTimeout.seconds * 1e9)
        while launcher.inFlight > 0, MonotonicClock.nanos() < deadline, !stopsImmediately {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// What the runner needs of a driver, open or closed model alike.
protocol LoadDriver: Sendable {
    func start(at startNanos: UInt64, missedBeforeNanos: UInt64)
    func stop()
    func waitUntilFinished() async
    /// The driver has stopped starting iterations.
    var hasFinished: Bool { get }
    var scheduleStatistics: ScheduleStatistics { get }
}

extension OpenModelDriver: LoadDriver {}

extension ClosedModelDriver: LoadDriver {}
