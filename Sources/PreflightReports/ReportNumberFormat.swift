import Foundation

/// How numbers read in the HTML, JUnit and Markdown reports, so the three agree with each other
/// and with the terminal summary (`612 ms`, `12.5 ms`, `199.8/s`).
enum ReportNumberFormat {
    /// Whole milliseconds from 100 ms up, one decimal below: the precision a reader can use.
    static func milliseconds(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        return value >= 100 ? "\(Int(value.rounded())) ms" : String(format: "%.1f ms", value)
    }

    static func perSecond(_ value: Double) -> String {
        value.isFinite ? String(format: "%.1f/s", value) : "-"
    }

    static func seconds(_ value: Double) -> String {
        value.isFinite ? String(format: "%.1f s", value) : "-"
    }

    /// A share of a whole, `0.0125` as `1.25%`.
    static func percent(_ fraction: Double) -> String {
        fraction.isFinite ? String(format: "%.2f%%", fraction * 100) : "-"
    }

    static func mebibytes(_ bytes: UInt64) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }

    /// Seconds for a JUnit `time` attribute: a plain decimal, never a unit.
    static func junitSeconds(_ value: Double) -> String {
        String(format: "%.3f", value.isFinite ? max(value, 0) : 0)
    }
}
