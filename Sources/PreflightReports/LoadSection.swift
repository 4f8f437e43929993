import PreflightMetrics

/// What only a load run has: how the load was offered, whether the generator kept up, what it
/// cost, and the time series.
public struct LoadSection: Sendable, Equatable, Codable {
    /// `open` (arrival rate; latency corrected for coordinated omission) or `closed` (virtual users).
    public var model: String
    /// The executor in words, e.g. `constant arrival rate 200/s for 30s`.
    public var executor: String
    public var plannedSeconds: Double
    /// How long it ran, drain included: the seconds every request rate is computed over.
    public var elapsedSeconds: Double
    /// The seconds load was offered: the schedule, or its part before an abort or an interrupt,
    /// without the drain after it. The target rate ends here.
    public var measuredSeconds: Double
    public var schedule: ScheduleReport
    public var validity: ValidityReport
    public var generator: GeneratorUsage
    public var overall: OverallReport
    public var timeSeries: [TimeSeriesSample]
    /// Why the run ended before its schedule did; absent when the schedule ran to its end.
    public var stop: RunStop?

    public init(model: String, executor: String, plannedSeconds: Double, elapsedSeconds: Double, measuredSeconds: Double, schedule: ScheduleReport, validity: ValidityReport, generator: GeneratorUsage, overall: OverallReport, timeSeries: [TimeSeriesSample], stop: RunStop? = nil) {
        self.stop = stop
        self.model = model
        self.executor = executor
        self.plannedSeconds = plannedSeconds
        self.elapsedSeconds = elapsedSeconds
        self.measuredSeconds = measuredSeconds
        self.schedule = schedule
        self.validity = validity
        self.generator = generator
        self.overall = overall
        self.timeSeries = timeSeries
    }
}

extension LoadSection {
    /// `count` events per second of the run: over the elapsed time, drain included, as the
    /// overall request rate is.
    public func perSecond(_ count: UInt64) -> Double {
        elapsedSeconds > 0 ? Double(count) / elapsedSeconds : 0
    }
}

/// How well the generator kept to its schedule: the evidence behind the valid-run verdict.
public struct ScheduleReport: Sendable, Equatable, Codable {
    public var targetRate: Double
    public var achievedStartRate: Double
    public var intendedIterations: UInt64
    public var startedIterations: UInt64
    public var droppedIterations: UInt64
    /// Actual minus intended start of each iteration.
    public var lag: LatencySummary
    public var maxInFlight: Int?
    /// Iterations still running when the drain timed out: their last requests are not counted.
    public var unfinishedIterations: Int
    public init(targetRate: Double, achievedStartRate: Double, intendedIterations: UInt64, startedIterations: UInt64, droppedIterations: UInt64, lag: LatencySummary, maxInFlight: Int?, unfinishedIterations: Int = 0) {
        self.targetRate = targetRate
        self.achievedStartRate = achievedStartRate
        self.intendedIterations = intendedIterations
        self.startedIterations = startedIterations
        self.droppedIterations = droppedIterations
        self.lag = lag
        self.maxInFlight = maxInFlight
        self.unfinishedIterations = unfinishedIterations
    }
}

/// Whether the run measured the target or only the generator's limits, and why not.
public struct ValidityReport: Sendable, Equatable, Codable {
    public var valid: Bool
    public var causes: [String]
    /// Why validity was not judged: the run stopped early and what ran broke no criterion, which
    /// on a fraction of the schedule is no proof that the generator would have held it. `valid`
    /// is then false, so a stopped run never reads as a valid one.
    public var notJudged: String?

    public init(valid: Bool, causes: [String], notJudged: String? = nil) {
        self.valid = valid
        self.causes = causes
        self.notJudged = notJudged
    }

    /// The word every renderer shows for it: `PASS`, `FAIL` or `NOT JUDGED`.
    public var label: String {
        notJudged != nil ? "NOT JUDGED" : valid ? "PASS" : "FAIL"
    }
}

/// All requests of the run together.
public struct OverallReport: Sendable, Equatable, Codable {
    public var requests: UInt64
    public var failures: UInt64
    public var requestRate: Double
    public var results: [String: UInt64]
    public var correctedLatency: LatencySummary
    public var serviceLatency: LatencySummary
    /// All steps' histograms merged, lossless.
    public var histograms: LatencyHistograms?
    public init(requests: UInt64, failures: UInt64, requestRate: Double, results: [String: UInt64], correctedLatency: LatencySummary, serviceLatency: LatencySummary, histograms: LatencyHistograms? = nil) {
        self.requests = requests
        self.failures = failures
        self.requestRate = requestRate
        self.results = results
        self.correctedLatency = correctedLatency
        self.serviceLatency = serviceLatency
        self.histograms = histograms
    }
}

/// The generator's own cost during the run: CPU time and peak memory of the process, so a reader
/// can tell whether the machine running Preflight was itself the bottleneck.
public struct GeneratorUsage: Sendable, Equatable, Codable {
    public var cpuSeconds: Double
    public var peakResidentBytes: UInt64

    public init(cpuSeconds: Double, peakResidentBytes: UInt64) {
        self.cpuSeconds = cpuSeconds
        self.peakResidentBytes = peakResidentBytes
    }
}

/// One interval of a load run (a second by default), as the rate and latency charts plot it.
public struct TimeSeriesSample: Sendable, Equatable, Codable {
    /// Seconds from the start of the run to the end of this interval.
    public var elapsedSeconds: Double
    public var intervalSeconds: Double
    /// Iterations per second the schedule asked for at the end of the interval (0 for closed-model runs).
    public var targetRate: Double
    /// Requests completed in the interval, per second.
    public var requestRate: Double
    public var requests: UInt64
    /// Failed requests in the interval by category; zero counts left out.
    public var errors: [String: UInt64]
    /// Latency from the intended send time, in milliseconds.
    public var p50Ms: Double
    public var p95Ms: Double
    public var p99Ms: Double
    public var inFlight: Int

    public init(
        elapsedSeconds: Double, intervalSeconds: Double, targetRate: Double, requestRate: Double, requests: UInt64,
        errors: [String: UInt64], p50Ms: Double, p95Ms: Double, p99Ms: Double, inFlight: Int
    ) {
        self.elapsedSeconds = elapsedSeconds
        self.intervalSeconds = intervalSeconds
        self.targetRate = targetRate
        self.requestRate = requestRate
        self.requests = requests
        self.errors = errors
        self.p50Ms = p50Ms
        self.p95Ms = p95Ms
        self.p99Ms = p99Ms
        self.inFlight = inFlight
    }
}

extension TimeSeriesSample {
    /// Whether most of this interval lies before `seconds` (the schedule's end): the intervals the
    /// schedule asked for load in. Ticks land a little after each whole interval, so a boundary
    /// test on `elapsedSeconds` alone would drop the schedule's last full interval.
    public func isWithinSchedule(endingAt seconds: Double) -> Bool {
        elapsedSeconds - intervalSeconds / 2 < seconds
    }
}
