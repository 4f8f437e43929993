import Foundation

/// Line-at-a-time output that reaches a CI log as it happens, not when a pipe buffer fills.
enum Console {
    static func out(_ text: String) {
        write(text + "\n", to: FileHandle.standardOutput)
    }

    static func error(_ text: String) {
        write(text + "\n", to: FileHandle.standardError)
    }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
