import Foundation
import PreflightEngine
import PreflightMetrics
import PreflightPlan
import PreflightReports
import Synchronization

/// A load run: the schedule driven through the engine, thresholds judged on every interval (an
/// `abortOnFail` one can end the run) and on the whole, validity judged on what ran, the verdict
/// decided, and all of it turned into the report. Stopped gracefully by SIGINT, SIGTERM or SIGHUP.
public struct LoadSession: Sendable {
    public var plan: Plan
    public var planFile: String
    public var planBytes: [UInt8]
    public var profile: String
    public var executor: LoadShape
    public var spacing: ArrivalSpacing
    /// Fixed connection pool size, nil for one connection per concurrent request.
    public var connections: Int?
    /// This process's part of a split run; its report then carries what `preflight merge` needs.
    public var shard: Shard
    /// The shared start time of a split run (`--start-at`).
    public var startAt: Date?

    public init(
        plan: Plan, planFile: String, planBytes: [UInt8], profile: String, executor: LoadShape,
        spacing: ArrivalSpacing, connections: Int?, shard: Shard = .whole, startAt: Date? = nil
    ) {
        self.shard = shard
        self.startAt = startAt
        self.plan = plan
        self.planFile = planFile
        self.planBytes = planBytes
        self.profile = profile
        self.executor = executor
        self.spacing = spacing
        self.connections = connections
    }

    /// The load in words, e.g. `constant arrival rate 200/s for 30s`.
    public var description: String { LoadReportBuilder.describe(executor, spacing: spacing) }

    /// Runs the schedule; `onTick` sees every closed interval, for live progress, and `onEnd` the
    /// finished run's measurements before they are judged (live metrics take their final counts).
    public func run(
        onTick: @escaping @Sendable (LoadRunner.Tick) -> Void = { _ in },
        onWindow: @escaping @Sendable (WindowSummary) -> Void = { _ in },
        onEnd: @Sendable (LoadRunResult) -> Void = { _ in }
    ) async -> RunReport {
        let entries = thresholdEntries()
        let transport = HTTPTransport(maxBodyBytes: plan.defaults.maxBodyBytes, maxConnections: connections)
        defer { transport.shutdown() }
        let runner = LoadRunner(plan: plan, transport: transport, options: LoadRunner.Options(
            executor: executor, spacing: spacing, drainTimeout: min(plan.defaults.totalTimeout, .seconds(30)),
            shard: shard, startAt: startAt, keepIntervals: !shard.isWhole || startAt != nil
        ))
        let monitor = Mutex(ThresholdMonitor(plan: plan, entries: entries))
        let lastWindow = Mutex(0)
        let result = await Interruption.shared.whileRunning(stop: { runner.stop(.interrupted) }) {
            await runner.run { tick in
                onTick(tick)
                guard !tick.scheduleEnded else { return }
                let (abort, window) = monitor.withLock { monitor -> (String?, WindowSummary?) in
                    let abort = monitor.add(
                        interval: tick.interval, seconds: tick.point.intervalSeconds, total: tick.total,
                        elapsedSeconds: tick.point.elapsedSeconds, schedule: tick.schedule
                    )
                    let window = lastWindow.withLock { last -> WindowSummary? in
                        // A window that stops the run is shown as it fails, not at the next boundary.
                        let window = WindowSummary.closing(at: tick.point.elapsedSeconds, after: last, monitor: monitor, now: abort != nil)
                        if let window { last = window.index }
                        return window
                    }
                    return (abort, window)
                }
                if let window { onWindow(window) }
                if let abort { runner.stop(.aborted(abort)) }
            }
        }
        onEnd(result)
        var report = judge(result, monitor: monitor.withLock { $0 }, usage: ProcessUsage.current())
        if !shard.isWhole || startAt != nil { report.shard = ShardRecord(result, startAt: startAt) }
        if !shard.isWhole, report.verdict.status != .interrupted {
            // A third of the load passing or failing `requests rate >= 200/s` says nothing: the
            // gate is the merge. What this part alone would have said stays in the reasons.
            let alone = report.verdict.reasons.map { "On its own: \($0)" }
            report.verdict = Verdict(status: .shard, exitCode: RunExit.passed.rawValue, reasons: [
                "Shard \(shard) of a split run: its thresholds and validity cover only its part of the load; `preflight merge` judges the whole run."
            ] + alone)
        }
        return report
    }

    /// Thresholds (windowed ones as the monitor saw them), validity and verdict of a finished run,
    /// and its report: the one judging path of a single run and of a merge of shards.
    func judge(_ result: LoadRunResult, monitor: ThresholdMonitor, usage: ProcessUsage, extraCauses: [String] = []) -> RunReport {
        let outcomes = monitor.outcomes(final: result.measurements, seconds: result.rateSeconds, schedule: result.schedule)
        let entries = monitor.entries
        let thresholds = entries.indices.map { index in
            StoppedRunJudgement.threshold(
                entries[index], outcomes[index], failedInAWindow: monitor.windowFailures[index] != nil, stoppedEarly: result.stopSentence
            )
        }
        let maxInFlight: Int? = if case .arrivalRate(_, let cap) = result.executor { cap } else { nil }
        var validity = RunValidity.evaluate(result.schedule, openModel: result.executor.isOpenModel, maxInFlight: maxInFlight)
        validity.causes = extraCauses + validity.causes
        return LoadReportBuilder(planFile: planFile, planBytes: planBytes, profile: profile)
            .report(for: result, thresholds: thresholds, validity: validity, usage: usage)
    }

    /// The plan's thresholds, as the loader parsed them.
    func thresholdEntries() -> [ThresholdMonitor.Entry] {
        plan.thresholds.map { spec in
            ThresholdMonitor.Entry(threshold: spec.threshold, abortOnFail: spec.abortOnFail, abortGraceSeconds: spec.abortGrace.seconds)
        }
    }
}
