import Foundation
import PreflightReports

/// Line-at-a-time output that reaches a CI log as it happens, not when a pipe buffer fills.
///
/// Everything printed passes through here with its control characters made visible: text from
/// the server under test must never drive the terminal (titles, cursor moves, fake colours).
enum Console {
    static func out(_ text: String) {
        write(text + "\n", to: FileHandle.standardOutput)
    }

    static func error(_ text: String) {
        write(text + "\n", to: FileHandle.standardError)
    }

    /// A reader that went away (a closed pipe) loses the rest of the output, not the run.
    private static func write(_ text: String, to handle: FileHandle) {
        try? handle.write(contentsOf: Data(text.controlCharactersEscaped.utf8))
    }
}
