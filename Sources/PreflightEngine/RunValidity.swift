import Foundation
import PreflightMetrics

/// Whether a load run measured the target or only the generator's own limits.
///
/// An open-model run that could not start iterations on schedule proves nothing about the
/// target: its latencies are too kind and its rate was never offered. Such a run is invalid,
/// with the cause in words, and exits 3 rather than pretending to pass or fail.
public struct RunValidity: Sendable, Equatable {
    /// Limits past which a run is invalid.
    public struct Criteria: Sendable, Equatable {
        /// Largest tolerated shortfall of the achieved start rate below the target, as a fraction.
        public var maxRateShortfall: Double
        /// Largest tolerated share of dropped iterations.
        public var maxDroppedFraction: Double
        /// Largest tolerated 99th percentile of scheduler lag, in milliseconds.
        public var maxLagP99Ms: Double

        public init(maxRateShortfall: Double = 0.05, maxDroppedFraction: Double = 0.01, maxLagP99Ms: Double = 50) {
            self.maxRateShortfall = maxRateShortfall
            self.maxDroppedFraction = maxDroppedFraction
            self.maxLagP99Ms = maxLagP99Ms
        }
    }

    /// One sentence per broken criterion; empty for a valid run.
    public var causes: [String]
    public var isValid: Bool { causes.isEmpty }

    public init(causes: [String]) {
        self.causes = causes
    }

    /// Judges an open-model schedule; closed-model runs have no schedule to keep and are valid.
    public static func evaluate(_ schedule: ScheduleStatistics, openModel: Bool, maxInFlight: Int?, criteria: Criteria = Criteria()) -> RunValidity {
        guard openModel else { return RunValidity(causes: []) }
        var causes: [String] = []
        let intended = Double(schedule.intendedIterations)
        if schedule.targetRate > 0, schedule.scheduledSeconds > 0 {
            let shortfall = 1 - schedule.achievedStartRate / schedule.targetRate
            if shortfall > criteria.maxRateShortfall {
                causes.append(String(
                    format: "the generator started %.1f iterations/s of the %.1f/s target (%.1f%% short; limit %.1f%%)",
                    schedule.achievedStartRate, schedule.targetRate, shortfall * 100, criteria.maxRateShortfall * 100
                ))
            }
        }
        if intended > 0 {
            let dropped = Double(schedule.droppedIterations) / intended
            if dropped > criteria.maxDroppedFraction {
                let cap = schedule.missedIterations > 0
                    ? " (\(schedule.missedIterations) of them missed because a shard started after the shared start time)"
                    : maxInFlight.map { " because \($0) iterations were already in flight (the max in-flight cap)" } ?? ""
                let share = String(format: "%.1f%%", dropped * 100)
                let limit = String(format: "%.1f%%", criteria.maxDroppedFraction * 100)
                causes.append("\(schedule.droppedIterations) of \(schedule.intendedIterations) iterations (\(share)) were dropped\(cap); limit \(limit)")
            }
        }
        let lag = schedule.lag.summary.p99Ms
        if schedule.lag.count > 0, lag > criteria.maxLagP99Ms {
            causes.append(String(format: "scheduler lag p99 was %.1f ms (limit %.1f ms): iterations started late", lag, criteria.maxLagP99Ms))
        }
        return RunValidity(causes: causes)
    }
}

/// How well the generator kept to its schedule: the evidence a run is valid.
public struct ScheduleStatistics: Sendable {
    /// Iterations the schedule called for during the time the run lasted.
    public var intendedIterations: UInt64 = 0
    public var startedIterations: UInt64 = 0
    /// Not started because the in-flight cap was reached: counted, never quietly delayed.
    public var droppedIterations: UInt64 = 0
    /// Of the dropped ones, those due before a late shard was ready (`--start-at` already past).
    public var missedIterations: UInt64 = 0
    /// The same two counts by flow index, for thresholds that select a flow.
    public var intendedByFlow: [Int: UInt64] = [:]
    public var droppedByFlow: [Int: UInt64] = [:]
    /// Actual minus intended start of each iteration.
    public var lag = LatencyHistogram()
    /// Seconds from the first intended start to the last intended start's slot end.
    public var scheduledSeconds: Double = 0
    /// What the schedule asked for over `scheduledSeconds`, in iterations per second: the
    /// arrivals it drew in that time (for Poisson spacing the random draw, not the mean rate).
    public var targetRate: Double = 0

    public init() {}

    public var achievedStartRate: Double {
        scheduledSeconds > 0 ? Double(startedIterations) / scheduledSeconds : 0
    }

    /// Adds another part's counts (an event loop's, a shard's): started, dropped and intended
    /// add; lag histograms merge; the scheduled time is the longest; the targets add.
    public mutating func add(_ other: ScheduleStatistics) {
        intendedIterations += other.intendedIterations
        startedIterations += other.startedIterations
        droppedIterations += other.droppedIterations
        missedIterations += other.missedIterations
        for (flow, count) in other.intendedByFlow { intendedByFlow[flow, default: 0] += count }
        for (flow, count) in other.droppedByFlow { droppedByFlow[flow, default: 0] += count }
        lag.merge(other.lag)
        scheduledSeconds = max(scheduledSeconds, other.scheduledSeconds)
        targetRate += other.targetRate
    }
}
