import PreflightMetrics

/// Why a command-line spelling of a demo-target knob was rejected.
///
/// The description is written for the person at the terminal, so the CLI can print it unchanged.
public struct DemoTargetParseError: Error, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }

    /// A duration knob, read by Preflight's one duration grammar (`250us`, `20ms`, `1.5s`, `1m30s`).
    public static func duration(_ text: String) throws(DemoTargetParseError) -> Duration {
        guard let duration = DurationParser.parse(text.trimmingWhitespace()) else {
            throw DemoTargetParseError("'\(text)' is not a duration; write one like 250us, 20ms, 1.5s or 1m30s")
        }
        return duration
    }
}

extension StringProtocol {
    /// The text without the leading and trailing spaces or tabs users type around CLI values.
    func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
