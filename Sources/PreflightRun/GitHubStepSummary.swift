import Foundation
import PreflightReports

/// GitHub Actions shows on the run's page whatever Markdown a step appends to the file named by
/// `GITHUB_STEP_SUMMARY`, so a reviewer sees the verdict without opening logs or artifacts.
/// The file is shared by every step of the job: it is appended to, never replaced.
public enum GitHubStepSummary {
    /// Appends `markdown` to the job summary when running under GitHub Actions.
    /// - Returns: the summary file's path, or nil when the variable is not set.
    @discardableResult
    public static func append(markdown: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(FileWriteError) -> String? {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return nil }
        // A blank line first, so the summary never runs into what an earlier step wrote.
        try AtomicFileWriter.append(Array(("\n" + markdown + (markdown.hasSuffix("\n") ? "" : "\n")).utf8), to: path)
        return path
    }
}
