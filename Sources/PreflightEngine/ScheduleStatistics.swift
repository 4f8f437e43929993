import PreflightMetrics

/// How well the generator kept to its schedule: the evidence a run is valid.
public struct ScheduleStatistics: Sendable {
    /// Iterations the schedule called for during the time the run lasted.
    public var intendedIterations: UInt64 = 0
    public var startedIterations: UInt64 = 0
    /// Not started because the in-flight cap was reached: counted, never quietly delayed.
    public var droppedIterations: UInt64 = 0
    /// The same two counts by flow index, for thresholds that select a flow.
    public var intendedByFlow: [Int: UInt64] = [:]
    public var droppedByFlow: [Int: UInt64] = [:]
    /// Actual minus intended start of each iteration.
    public var lag = LatencyHistogram()
    /// Seconds from the first intended start to the last intended start's slot end.
    public var scheduledSeconds: Double = 0
    /// The schedule's average target rate over `scheduledSeconds` (iterations per second).
    public var targetRate: Double = 0

    public init() {}

    public var achievedStartRate: Double {
        scheduledSeconds > 0 ? Double(startedIterations) / scheduledSeconds : 0
    }
}
