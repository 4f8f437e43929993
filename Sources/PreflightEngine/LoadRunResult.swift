import Foundation
import PreflightMetrics
import PreflightPlan

/// Everything a load run produced, before any verdict: the report and the thresholds read it.
public struct LoadRunResult: Sendable {
    public var plan: Plan
    public var executor: LoadExecutor
    public var startedAt: Date
    public var endedAt: Date
    public var elapsedSeconds: Double
    public var measurements: LoadMeasurements
    public var timeSeries: [TimeSeriesPoint]
    public var schedule: ScheduleStatistics
    /// A few failed steps per (flow, step, category), already redacted.
    public var failureSamples: [StepResult]
    /// nil when the schedule ran to its end.
    public var stopReason: StopReason?
    /// Iterations still unfinished when the run ended (drain timeout or immediate stop).
    public var inFlightAtEnd: Int

    /// The seconds rates are computed over: the time load was offered (the schedule), not the
    /// drain after it, so a 200/s schedule that was held reads as 200/s.
    public var measuredSeconds: Double {
        schedule.scheduledSeconds > 0 ? schedule.scheduledSeconds : elapsedSeconds
    }
}
