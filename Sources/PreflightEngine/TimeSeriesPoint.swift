import PreflightMetrics

/// One interval of a load run (one second by default): what the rate and latency charts plot.
/// Only these aggregates are kept per interval, so an hour-long run stays a few thousand points.
public struct TimeSeriesPoint: Sendable, Equatable, Codable {
    /// Seconds from the start of the run to the end of this interval.
    public var elapsedSeconds: Double
    public var intervalSeconds: Double
    /// Iterations per second the schedule asked for at the end of the interval (0 for closed-model runs).
    public var targetRate: Double
    /// Requests completed in the interval, per second.
    public var requestRate: Double
    public var requests: UInt64
    /// Failed requests in the interval by category raw value; zero counts left out.
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

    /// The point of an interval's measurements: its requests, errors and corrected percentiles.
    public init(interval: LoadMeasurements, elapsedSeconds: Double, intervalSeconds: Double, targetRate: Double, inFlight: Int) {
        let overall = interval.overall
        let corrected = overall.corrected
        let requests = overall.statistics.count
        self.init(
            elapsedSeconds: elapsedSeconds, intervalSeconds: intervalSeconds, targetRate: targetRate,
            requestRate: intervalSeconds > 0 ? Double(requests) / intervalSeconds : 0, requests: requests,
            errors: Dictionary(uniqueKeysWithValues: overall.statistics.countsByCategory.filter { $0.key != .ok && $0.value > 0 }.map { ($0.key.rawValue, $0.value) }),
            p50Ms: corrected.ms(atPercentile: 50), p95Ms: corrected.ms(atPercentile: 95), p99Ms: corrected.ms(atPercentile: 99),
            inFlight: inFlight
        )
    }
}
