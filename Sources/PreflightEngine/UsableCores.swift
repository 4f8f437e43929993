import Foundation

/// How many cores this process may run on: its CPU affinity and its container's CPU limit, not
/// the machine's core count.
///
/// Under `taskset` or a container's cpuset, a loop per machine core would make event loops take
/// turns on the same core; a Kubernetes pod limited to 2 CPUs on a 32-core node (a CFS quota, not
/// a cpuset) would start 32 loops and be throttled. One loop per usable core keeps each loop running.
public enum UsableCores {
    public static var count: Int {
        var cores = ProcessInfo.processInfo.activeProcessorCount
        // Linux lists the allowed CPUs as ranges, e.g. "Cpus_allowed_list:\t0-3,6".
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }),
           let allowed = count(inList: line.dropFirst("Cpus_allowed_list:".count)), allowed > 0 {
            cores = min(cores, allowed)
        }
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/cpu.max", encoding: .utf8), let quota = Self.cores(inQuota: text) {
            cores = min(cores, quota)
        }
        return cores
    }

    /// Whole cores a cgroup v2 `cpu.max` (`200000 100000`: quota and period in microseconds)
    /// allows, rounded up; nil for `max` (no limit) or text that does not parse.
    static func cores(inQuota text: String) -> Int? {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, let quota = Double(fields[0]), let period = Double(fields[1]), quota > 0, period > 0 else { return nil }
        return max(1, Int((quota / period).rounded(.up)))
    }

    /// Cores in a list such as `0-3,6`; nil when it does not parse.
    static func count(inList list: Substring) -> Int? {
        var total = 0
        for part in list.split(separator: ",") {
            let bounds = part.trimmingCharacters(in: .whitespaces).split(separator: "-").map { Int($0) }
            switch bounds.count {
            case 1: guard bounds[0] != nil else { return nil }; total += 1
            case 2:
                guard let low = bounds[0], let high = bounds[1], high >= low else { return nil }
                total += high - low + 1
            default: return nil
            }
        }
        return total
    }
}
