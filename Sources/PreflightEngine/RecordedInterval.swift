/// One closed interval of a load run as a whole: its time-series point, its measurements and the
/// schedule's running counts at its end. Kept by shards so that `preflight merge` can add the
/// shards' intervals up and judge windowed thresholds on the whole run, exactly as one process would.
public struct RecordedInterval: Sendable {
    public var point: TimeSeriesPoint
    public var measurements: LoadMeasurements
    /// Running totals since the start, as the driver published them at the interval's end.
    public var schedule: ScheduleStatistics

    public init(point: TimeSeriesPoint, measurements: LoadMeasurements, schedule: ScheduleStatistics) {
        self.point = point
        self.measurements = measurements
        self.schedule = schedule
    }
}
