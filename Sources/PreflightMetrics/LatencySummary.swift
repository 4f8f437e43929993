/// The latency figures a report shows for one measurement, in milliseconds.
public struct LatencySummary: Sendable, Equatable, Codable {
    public var count: UInt64
    public var minMs: Double
    public var meanMs: Double
    public var p50Ms: Double
    public var p90Ms: Double
    public var p95Ms: Double
    public var p99Ms: Double
    public var maxMs: Double

    public init(
        count: UInt64 = 0, minMs: Double = 0, meanMs: Double = 0, p50Ms: Double = 0, p90Ms: Double = 0,
        p95Ms: Double = 0, p99Ms: Double = 0, maxMs: Double = 0
    ) {
        self.count = count
        self.minMs = minMs
        self.meanMs = meanMs
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p95Ms = p95Ms
        self.p99Ms = p99Ms
        self.maxMs = maxMs
    }
}
