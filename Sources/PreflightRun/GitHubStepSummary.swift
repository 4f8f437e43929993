import Foundation
import Glibc
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
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, code: errno) }
        defer { close(fd) }
        // A blank line first, so the summary never runs into what an earlier step wrote.
        let bytes = Array(("\n" + markdown + (markdown.hasSuffix("\n") ? "" : "\n")).utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw FileWriteError(path: path, code: errno)
            }
            offset += written
        }
        return path
    }
}
