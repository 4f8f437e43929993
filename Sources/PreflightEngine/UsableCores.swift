import Foundation

/// How many cores this process may run on: its CPU affinity, not the machine's core count.
///
/// Under `taskset` or a container's cpuset, a loop per machine core would make event loops take
/// turns on the same core; one loop per usable core keeps each loop running.
public enum UsableCores {
    public static var count: Int {
        // Linux lists the allowed CPUs as ranges, e.g. "Cpus_allowed_list:\t0-3,6".
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }),
           let cores = count(inList: line.dropFirst("Cpus_allowed_list:".count)), cores > 0 {
            return min(cores, ProcessInfo.processInfo.activeProcessorCount)
        }
        return ProcessInfo.processInfo.activeProcessorCount
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
