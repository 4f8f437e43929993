/// Why a command-line spelling of a demo-target knob was rejected.
///
/// The description is written for the person at the terminal, so the CLI can print it unchanged.
public struct DemoTargetParseError: Error, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
