/// The compact duration spellings (`250us`, `20ms`, `1.5s`, `15m`, `1h`) every duration-valued
/// demo-target option accepts, so latency, stall and rate-limit flags all read the same way.
public enum DurationSyntax {
    private static let nanosecondsPerUnit: [(suffix: String, nanoseconds: Double)] = [
        ("ns", 1),
        ("us", 1e3),
        ("µs", 1e3),
        ("μs", 1e3),
        ("ms", 1e6),
        ("s", 1e9),
        ("m", 60e9),
        ("h", 3_600e9),
    ]

    /// Parses a non-negative decimal number followed by a unit: `ns`, `us` (or `µs`), `ms`, `s`, `m` or `h`.
    public static func parse(_ text: String) throws(DemoTargetParseError) -> Duration {
        let trimmed = text.trimmingWhitespace()
        let unitStart = trimmed.firstIndex { !$0.isASCIIDigitOrDot } ?? trimmed.endIndex
        let number = trimmed[..<unitStart]
        let unit = trimmed[unitStart...]
        guard !number.isEmpty, number.filter({ $0 == "." }).count <= 1, let value = Double(number) else {
            throw DemoTargetParseError("'\(text)' is not a duration; write one like 250us, 20ms or 1.5s")
        }
        guard let scale = nanosecondsPerUnit.first(where: { $0.suffix == unit })?.nanoseconds else {
            throw DemoTargetParseError("'\(text)' needs a unit: ns, us, ms, s, m or h")
        }
        let nanoseconds = (value * scale).rounded()
        guard nanoseconds < Double(Int64.max) else {
            throw DemoTargetParseError("'\(text)' is too long a duration")
        }
        return .nanoseconds(Int64(nanoseconds))
    }
}

extension Character {
    fileprivate var isASCIIDigitOrDot: Bool {
        self == "." || ("0"..."9").contains(self)
    }
}
