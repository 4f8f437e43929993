/// A failed request in words, for the reports that are plain text (JUnit bodies and messages,
/// the checklist's reason column): what broke first, then everything a person needs to act.
enum FailureSampleText {
    /// The sample's result category, or `failed` when the report has none for it.
    static func category(_ sample: FailureSample) -> String {
        sample.category.isEmpty ? "failed" : sample.category
    }

    /// One sentence, such as `http_5xx: status expected 201, got 500 (+1 more)`.
    static func reason(_ sample: FailureSample) -> String {
        let kind = category(sample)
        if let message = sample.transportMessage { return "\(kind): \(message)" }
        guard let first = sample.failures.first else {
            return sample.status.map { "\(kind): status \($0)" } ?? kind
        }
        let more = sample.failures.count > 1 ? " (+\(sample.failures.count - 1) more)" : ""
        return "\(kind): \(first.subject) expected \(first.expected), got \(first.actual)\(more)"
    }

    /// The reason a step failed: its first sample's reason, else its failure counts.
    static func reason(_ step: StepReport) -> String {
        if let sample = step.failureSamples.first { return reason(sample) }
        return "\(step.failed) of \(step.requests) requests failed (\(CategoryOrder.failures(step.results)))"
    }

    /// Every detail of a sample, one per line.
    static func lines(_ sample: FailureSample) -> [String] {
        var lines = ["request: \(sample.requestLine)"]
        lines.append("category: \(category(sample))")
        if let status = sample.status { lines.append("status: \(status)") }
        lines += sample.failures.map { "\($0.subject): expected \($0.expected), got \($0.actual)" }
        if let message = sample.transportMessage { lines.append("transport: \(message)") }
        if let excerpt = sample.responseExcerpt { lines.append("response: \(excerpt)") }
        return lines
    }
}
