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

    public init(
        plan: Plan, planFile: String, planBytes: [UInt8], profile: String, executor: LoadShape,
        spacing: ArrivalSpacing, connections: Int?
    ) {
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

    /// Runs the schedule; `onTick` sees every closed interval, for live progress.
    public func run(onTick: @escaping @Sendable (LoadRunner.Tick) -> Void = { _ in }) async -> RunReport {
        let entries = thresholdEntries()
        let transport = HTTPTransport(maxBodyBytes: plan.defaults.maxBodyBytes, maxConnections: connections)
        defer { transport.shutdown() }
        let runner = LoadRunner(plan: plan, transport: transport, options: LoadRunner.Options(
            executor: executor, spacing: spacing, drainTimeout: min(plan.defaults.totalTimeout, .seconds(30))
        ))
        let monitor = Mutex(ThresholdMonitor(plan: plan, entries: entries))
        let result = await Interruption.shared.whileRunning(stop: { runner.stop(.interrupted) }) {
            await runner.run { tick in
                onTick(tick)
                guard !tick.scheduleEnded else { return }
                let abort = monitor.withLock {
                    $0.add(
                        interval: tick.interval, seconds: tick.point.intervalSeconds, total: tick.total,
                        elapsedSeconds: tick.point.elapsedSeconds, schedule: tick.schedule
                    )
                }
                if let abort { runner.stop(.aborted(abort)) }
            }
        }
        let (outcomes, windowFailures) = monitor.withLock {
            ($0.outcomes(final: result.measurements, seconds: result.rateSeconds, schedule: result.schedule), $0.windowFailures)
        }
        let thresholds = entries.indices.map { index in
            StoppedRunJudgement.threshold(
                entries[index], outcomes[index], failedInAWindow: windowFailures[index] != nil, stoppedEarly: result.stopSentence
            )
        }
        let maxInFlight: Int? = if case .arrivalRate(_, let cap) = executor { cap } else { nil }
        let validity = RunValidity.evaluate(result.schedule, openModel: executor.isOpenModel, maxInFlight: maxInFlight)
        return LoadReportBuilder(planFile: planFile, planBytes: planBytes, profile: profile)
            .report(for: result, thresholds: thresholds, validity: validity, usage: ProcessUsage.current())
    }

    /// The plan's thresholds, as the loader parsed them.
    private func thresholdEntries() -> [ThresholdMonitor.Entry] {
        plan.thresholds.map { spec in
            ThresholdMonitor.Entry(threshold: spec.threshold, abortOnFail: spec.abortOnFail, abortGraceSeconds: spec.abortGrace.seconds)
        }
    }
}
