import Foundation
import PreflightMetrics
import PreflightPlan

/// Everything a load run produced, before any verdict: the report and the thresholds read it.
public struct LoadRunResult: Sendable {
    public var plan: Plan
    public var executor: LoadShape
    public var spacing: ArrivalSpacing
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
    /// This process's part of a split run.
    public var shard: Shard = .whole
    /// Seconds this process started after the shared start time (`--start-at`); 0 when on time.
    public var lateSeconds: Double = 0
    /// Every interval's measurements, when the run kept them (shards, for an exact merge).
    public var intervals: [RecordedInterval] = []

    public init(
        plan: Plan, executor: LoadShape, spacing: ArrivalSpacing = .even, startedAt: Date, endedAt: Date, elapsedSeconds: Double, measurements: LoadMeasurements,
        timeSeries: [TimeSeriesPoint], schedule: ScheduleStatistics, failureSamples: [StepResult], stopReason: StopReason?,
        inFlightAtEnd: Int, shard: Shard = .whole, lateSeconds: Double = 0, intervals: [RecordedInterval] = []
    ) {
        self.plan = plan
        self.executor = executor
        self.spacing = spacing
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.elapsedSeconds = elapsedSeconds
        self.measurements = measurements
        self.timeSeries = timeSeries
        self.schedule = schedule
        self.failureSamples = failureSamples
        self.stopReason = stopReason
        self.inFlightAtEnd = inFlightAtEnd
        self.shard = shard
        self.lateSeconds = lateSeconds
        self.intervals = intervals
    }

    /// The seconds every rate of the run is computed over: the report's request rates and the
    /// `requests rate` and `dropped_iterations rate` thresholds. It is the time the run took,
    /// drain included: requests that completed in the drain took that long, and dividing them by
    /// the schedule's length alone would make a slow target look faster than it was.
    public var rateSeconds: Double { elapsedSeconds }

    /// The seconds load was offered: the schedule, or its part before a stop, without the drain.
    public var offeredSeconds: Double {
        schedule.scheduledSeconds > 0 ? schedule.scheduledSeconds : elapsedSeconds
    }
}

/// Why a run ended before its schedule did.
public enum StopReason: Sendable, Equatable {
    /// SIGINT or SIGTERM.
    case interrupted
    /// A threshold marked `abortOnFail` failed; the text says which.
    case aborted(String)
}

/// The generator's own cost: CPU time and peak memory of this process, reported with every load
/// run so a reader can tell whether the machine running Preflight was itself the bottleneck.
public struct ProcessUsage: Sendable, Equatable, Codable {
    public var cpuSeconds: Double
    public var peakResidentBytes: UInt64

    public init(cpuSeconds: Double, peakResidentBytes: UInt64) {
        self.cpuSeconds = cpuSeconds
        self.peakResidentBytes = peakResidentBytes
    }

    public static func current() -> ProcessUsage {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        // Linux reports the peak resident set in kilobytes.
        return ProcessUsage(cpuSeconds: cpu, peakResidentBytes: UInt64(max(usage.ru_maxrss, 0)) * 1024)
    }
}
