import Foundation
import PreflightMetrics
import PreflightEngine
import PreflightReports

/// The live line printed for each smoke step: pass/fail, status, duration, and why it failed.
///
/// The first line alone must tell a CI reader what broke; the indented lines after a failure
/// give the request and the start of the response. A step that checked TLS says what it saw,
/// passed or not, so the log of a green go-live check still shows the certificate's expiry.
public enum StepLineFormatter {
    public static func lines(for result: StepResult) -> [String] {
        let name = "\(result.flow) / \(result.step)"
        switch result.outcome {
        case .skipped:
            return ["SKIP  \(name)" + (result.skipReason.map { "  (\($0))" } ?? "")]
        case .passed:
            var lines = ["PASS  \(name)  \(result.status.map(String.init) ?? "-")  \(NumberText.milliseconds(micros: result.timings.totalMicros))"]
            if let tls = result.tls { lines.append("      tls: \(ObservedTLS(tls, at: Date()).summary)") }
            return lines
        case .failed:
            var lines = ["FAIL  \(name)  \(result.status.map(String.init) ?? "-")  \(NumberText.milliseconds(micros: result.timings.totalMicros))  \(reason(for: result))"]
            lines.append("      request: \(result.requestLine)")
            if let excerpt = result.responseExcerpt { lines.append("      response: \(excerpt)") }
            return lines
        }
    }

    /// One sentence: the step, the category and the first thing that did not hold.
    public static func reason(for result: StepResult) -> String {
        let category = result.category?.rawValue ?? "failed"
        let prefix = "\(result.flow) / \(result.step): \(category)"
        if let message = result.transportMessage { return "\(prefix): \(message)" }
        guard let first = result.failures.first else { return prefix }
        var text = "\(prefix): \(first.subject) expected \(first.expected), got \(first.actual)"
        if result.failures.count > 1 { text += " (+\(result.failures.count - 1) more)" }
        return text
    }
}
