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
