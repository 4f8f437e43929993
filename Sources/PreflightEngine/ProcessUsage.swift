import Foundation

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
