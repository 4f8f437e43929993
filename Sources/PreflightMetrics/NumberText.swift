import Foundation

/// How every number reads wherever Preflight shows it (terminal lines and summary, HTML, JUnit,
/// Markdown, comparisons, threshold and expectation messages), so one value never prints as
/// `612.0 ms` in one place and `612 ms` in another.
public enum NumberText {
    /// Whole milliseconds from 100 ms up, one decimal from 1 ms, three below (a DNS lookup of
    /// 0.042 ms is not "0.0 ms"): the precision a reader can use.
    public static func milliseconds(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        if abs(value) >= 100 { return "\(Int(value.rounded())) ms" }
        return String(format: abs(value) >= 1 || value == 0 ? "%.1f ms" : "%.3f ms", value)
    }

    /// A duration in microseconds, as ``milliseconds(_:)`` writes it.
    public static func milliseconds(micros: Int64) -> String {
        milliseconds(Double(micros) / 1000)
    }

    public static func perSecond(_ value: Double) -> String {
        value.isFinite ? String(format: "%.1f/s", value) : "-"
    }

    public static func seconds(_ value: Double) -> String {
        value.isFinite ? String(format: "%.1f s", value) : "-"
    }

    /// A share of a whole, `0.0125` as `1.25%`.
    public static func percent(_ fraction: Double) -> String {
        fraction.isFinite ? String(format: "%.2f%%", fraction * 100) : "-"
    }

    /// Seconds into a run as `m:ss` (`h:mm:ss` past an hour): where a window of a run lies.
    public static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }

    /// Days as the TLS checks and reports show them: `2.9`.
    public static func days(_ value: Double) -> String {
        value.isFinite ? String(format: "%.1f", value) : "-"
    }

    public static func mebibytes(_ bytes: UInt64) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }

    /// Seconds for a JUnit `time` attribute: a plain decimal, never a unit.
    public static func junitSeconds(_ value: Double) -> String {
        String(format: "%.3f", value.isFinite ? max(value, 0) : 0)
    }
}

/// Preflight's version, in one place: the CLI's `--version`, the reports' `tool.version` and the
/// default `User-Agent: preflight/<version>` all read it.
public enum PreflightVersion {
    public static let current = "0.1.0"
}
