/// Reads arrival rates such as `200/s` or `12000/m` into iterations per second.
///
/// Rates carry their unit for the same reason durations do: `200` alone is ambiguous.
public enum RateParser {
    /// Iterations per second, or nil when `text` is not `<number>/<s|m|h>` with a non-negative number.
    public static func parse(_ text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let count = Double(parts[0]),
              parts[0].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              count.isFinite, count >= 0
        else { return nil }
        switch parts[1] {
        case "s": return count
        case "m": return count / 60
        case "h": return count / 3600
        default: return nil
        }
    }
}
