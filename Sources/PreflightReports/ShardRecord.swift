import PreflightMetrics

/// What one shard of a split run (`--shard 2/3`) writes beside its own report so that
/// `preflight merge` can rebuild the whole run exactly: every measurement as lossless histograms
/// and counts, the schedule's counts, and every interval, for windowed thresholds and the time
/// series. Percentiles are never averaged: the merge adds histograms and judges the sum.
public struct ShardRecord: Sendable, Equatable, Codable {
    /// From 1, as written on the command line.
    public var index: Int
    public var count: Int
    /// The shared start time (`--start-at`), RFC 3339; absent when the shard started at once.
    public var startAt: String?
    /// Seconds this shard started after `startAt`; the arrivals due meanwhile were not sent.
    public var lateSeconds: Double
    /// Wall-clock start of the schedule (time zero of `intervals`), RFC 3339 with milliseconds.
    public var scheduleStart: String
    public var elapsedSeconds: Double
    public var inFlightAtEnd: Int
    /// `interrupted`, or `aborted: <threshold>`; absent when the schedule ran to its end.
    public var stopReason: String?
    public var shape: LoadShapeRecord
    public var schedule: ScheduleRecord
    public var measurements: MeasurementsRecord
    public var intervals: [IntervalRecord]

    public init(
        index: Int, count: Int, startAt: String?, lateSeconds: Double, scheduleStart: String, elapsedSeconds: Double,
        inFlightAtEnd: Int, stopReason: String?, shape: LoadShapeRecord, schedule: ScheduleRecord,
        measurements: MeasurementsRecord, intervals: [IntervalRecord]
    ) {
        self.index = index
        self.count = count
        self.startAt = startAt
        self.lateSeconds = lateSeconds
        self.scheduleStart = scheduleStart
        self.elapsedSeconds = elapsedSeconds
        self.inFlightAtEnd = inFlightAtEnd
        self.stopReason = stopReason
        self.shape = shape
        self.schedule = schedule
        self.measurements = measurements
        self.intervals = intervals
    }
}

/// The whole run's load shape (not the shard's part): arrival-rate segments with the in-flight
/// cap, or virtual users.
public struct LoadShapeRecord: Sendable, Equatable, Codable {
    /// `[startRate, endRate, seconds]` per segment, for an arrival-rate run.
    public var segments: [[Double]]?
    public var maxInFlight: Int?
    public var users: Int?
    public var durationSeconds: Double?
    public var thinkTimeSeconds: Double?
    /// The seed of Poisson arrivals; absent for evenly spaced ones.
    public var poissonSeed: UInt64?

    public init(
        segments: [[Double]]? = nil, maxInFlight: Int? = nil, users: Int? = nil, durationSeconds: Double? = nil, thinkTimeSeconds: Double? = nil,
        poissonSeed: UInt64? = nil
    ) {
        self.poissonSeed = poissonSeed
        self.segments = segments
        self.maxInFlight = maxInFlight
        self.users = users
        self.durationSeconds = durationSeconds
        self.thinkTimeSeconds = thinkTimeSeconds
    }
}

/// The schedule's counts; by-flow counts are indexed by the flow's position in the plan.
public struct ScheduleRecord: Sendable, Equatable, Codable {
    public var intended: UInt64
    public var started: UInt64
    public var dropped: UInt64
    /// Dropped because the shard started late (included in `dropped`).
    public var missed: UInt64
    public var intendedByFlow: [UInt64]
    public var droppedByFlow: [UInt64]
    /// Scheduler lag; absent in interval records, where only the counts are needed.
    public var lag: HistogramEncoding?
    public var scheduledSeconds: Double
    public var targetRate: Double

    public init(
        intended: UInt64, started: UInt64, dropped: UInt64, missed: UInt64, intendedByFlow: [UInt64], droppedByFlow: [UInt64],
        lag: HistogramEncoding?, scheduledSeconds: Double, targetRate: Double
    ) {
        self.intended = intended
        self.started = started
        self.dropped = dropped
        self.missed = missed
        self.intendedByFlow = intendedByFlow
        self.droppedByFlow = droppedByFlow
        self.lag = lag
        self.scheduledSeconds = scheduledSeconds
        self.targetRate = targetRate
    }
}

/// Everything measured, per flow and step, losslessly.
public struct MeasurementsRecord: Sendable, Equatable, Codable {
    public var flows: [FlowRecord]
    public init(flows: [FlowRecord]) {
        self.flows = flows
    }
}

public struct FlowRecord: Sendable, Equatable, Codable {
    public var iterations: UInt64
    public var passedIterations: UInt64
    public var duration: HistogramEncoding
    public var steps: [StepRecord]

    public init(iterations: UInt64, passedIterations: UInt64, duration: HistogramEncoding, steps: [StepRecord]) {
        self.iterations = iterations
        self.passedIterations = passedIterations
        self.duration = duration
        self.steps = steps
    }
}

public struct StepRecord: Sendable, Equatable, Codable {
    /// Requests by exact status (0 without a response) and category.
    public var outcomes: [OutcomeRecord]
    public var service: HistogramEncoding
    public var corrected: HistogramEncoding
    public var dns: HistogramEncoding
    public var connect: HistogramEncoding
    public var tls: HistogramEncoding
    public var firstByte: HistogramEncoding
    public var checksTotal: UInt64
    public var checksPassed: UInt64
    public var httpVersions: [String: UInt64]?

    public init(
        outcomes: [OutcomeRecord], service: HistogramEncoding, corrected: HistogramEncoding, dns: HistogramEncoding,
        connect: HistogramEncoding, tls: HistogramEncoding, firstByte: HistogramEncoding, checksTotal: UInt64, checksPassed: UInt64,
        httpVersions: [String: UInt64]?
    ) {
        self.outcomes = outcomes
        self.service = service
        self.corrected = corrected
        self.dns = dns
        self.connect = connect
        self.tls = tls
        self.firstByte = firstByte
        self.checksTotal = checksTotal
        self.checksPassed = checksPassed
        self.httpVersions = httpVersions
    }
}

public struct OutcomeRecord: Sendable, Equatable, Codable {
    public var status: Int
    public var category: String
    public var count: UInt64
    public init(status: Int, category: String, count: UInt64) {
        self.status = status
        self.category = category
        self.count = count
    }
}

/// One interval: when it ended, its measurements, and the schedule's running counts at its end.
public struct IntervalRecord: Sendable, Equatable, Codable {
    public var elapsedSeconds: Double
    public var intervalSeconds: Double
    public var targetRate: Double
    public var inFlight: Int
    public var measurements: MeasurementsRecord
    public var schedule: ScheduleRecord

    public init(elapsedSeconds: Double, intervalSeconds: Double, targetRate: Double, inFlight: Int, measurements: MeasurementsRecord, schedule: ScheduleRecord) {
        self.elapsedSeconds = elapsedSeconds
        self.intervalSeconds = intervalSeconds
        self.targetRate = targetRate
        self.inFlight = inFlight
        self.measurements = measurements
        self.schedule = schedule
    }
}
