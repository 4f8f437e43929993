import Foundation

/// GitHub Actions shows on the run's page whatever Markdown a step appends to the file named by
/// `GITHUB_STEP_SUMMARY`, so a reviewer sees the verdict without opening logs or artifacts.
/// The file is shared by every step of the job: it is appended to, never replaced.
enum GitHubStepSummary {
    /// Appends `markdown` to the job summary when running under GitHub Actions.
    /// - Returns: the summary file's path, or nil when the variable is not set.
    @discardableResult
    static func append(markdown: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return nil }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        // A blank line first, so the summary never runs into what an earlier step wrote.
        try handle.write(contentsOf: Data(("\n" + markdown + (markdown.hasSuffix("\n") ? "" : "\n")).utf8))
        return path
    }
}
