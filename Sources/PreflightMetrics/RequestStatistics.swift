/// Everything measured about one step (or one whole run): outcomes by category and latency per phase.
///
/// Values are accumulated, never retained per request, so memory stays flat however long a run lasts.
public struct RequestStatistics: Sendable, Equatable {
    public private(set) var countsByCategory: [ResultCategory: UInt64] = [:]
    /// Total request duration as curl measured it, from handing the request over to the last byte.
    public private(set) var total = LatencyHistogram()
    public private(set) var dns = LatencyHistogram()
    public private(set) var connect = LatencyHistogram()
    public private(set) var tls = LatencyHistogram()
    public private(set) var firstByte = LatencyHistogram()

    public init() {}

    /// Statistics rebuilt from saved parts (a shard's report), for merging.
    public init(
        countsByCategory: [ResultCategory: UInt64], total: LatencyHistogram, dns: LatencyHistogram, connect: LatencyHistogram,
        tls: LatencyHistogram, firstByte: LatencyHistogram
    ) {
        self.countsByCategory = countsByCategory
        self.total = total
        self.dns = dns
        self.connect = connect
        self.tls = tls
        self.firstByte = firstByte
    }

    /// Empty statistics whose histograms are sized like these (see `LatencyHistogram(sizedLike:)`).
    public func emptied() -> RequestStatistics {
        RequestStatistics(
            countsByCategory: [:], total: LatencyHistogram(sizedLike: total), dns: LatencyHistogram(sizedLike: dns),
            connect: LatencyHistogram(sizedLike: connect), tls: LatencyHistogram(sizedLike: tls),
            firstByte: LatencyHistogram(sizedLike: firstByte)
        )
    }

    public var count: UInt64 { countsByCategory.values.reduce(0, +) }
    public var failures: UInt64 { count - (countsByCategory[.ok] ?? 0) }

    /// Records one request. `phases` is nil for a request that never got a response timing
    /// worth keeping; its category still counts.
    public mutating func record(category: ResultCategory, phases: PhaseTimings?) {
        countsByCategory[category, default: 0] += 1
        guard let phases else { return }
        total.record(micros: phases.totalMicros)
        dns.record(micros: phases.dnsMicros)
        connect.record(micros: phases.connectMicros)
        if phases.tlsMicros > 0 { tls.record(micros: phases.tlsMicros) }
        firstByte.record(micros: phases.firstByteMicros)
    }

    public mutating func merge(_ other: RequestStatistics) {
        for (category, count) in other.countsByCategory { countsByCategory[category, default: 0] += count }
        total.merge(other.total)
        dns.merge(other.dns)
        connect.merge(other.connect)
        tls.merge(other.tls)
        firstByte.merge(other.firstByte)
    }
}
