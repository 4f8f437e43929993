import PreflightMetrics
import PreflightPlan

/// Decides a step's outcome from its response: category, failures and captured values.
///
/// Pure, so the rules (which category wins, when a status failure is reported as HTTP 5xx rather
/// than a generic expectation failure) are tested without a server.
struct StepJudgement {
    var category: ResultCategory
    var failures: [ExpectationFailure]
    var captured: [String: String]
    /// How many of the step's own expectations failed (an implicit status failure or a failed capture is not one).
    var expectationFailures = 0
    /// Values of the step's captures into secret variables, found whatever the outcome: a login
    /// that fails an expectation must not print the token its response carries.
    var secretValues: [String] = []

    /// `renderer` renders expected values that use placeholders, with the iteration's variables.
    /// `requiredHTTPVersion` is set when the target must be spoken to in that version (`http: "2"`).
    init(
        step: Step, result: HTTPResult, secretNames: Set<String> = [],
        renderer: TemplateRenderer = TemplateRenderer(variables: [:], iteration: 0), url: String? = nil,
        requiredHTTPVersion: String? = nil
    ) {
        if let error = result.transportError {
            self.init(category: error.category, failures: [], captured: [:])
            return
        }
        let response = ResponseDocument(result, needsJSON: ResponseDocument.needsJSON(step.expectations, step.captures))
        let secretValues = step.captures.filter { secretNames.contains($0.variable) }.compactMap { capture in
            try? CaptureExtractor.extract([capture], from: response).get()[capture.variable]
        }
        defer { self.secretValues = secretValues }
        var failures = ExpectationEvaluator.failures(of: step.expectations, in: response, renderer: renderer, url: url)
        let expectationFailures = failures.count
        if let implicit = ExpectationEvaluator.implicitStatusFailure(step.expectations, in: response) {
            failures.insert(implicit, at: 0)
        }
        if let requiredHTTPVersion, let used = result.httpVersion, used != requiredHTTPVersion {
            // Falling back silently would measure a protocol the plan did not ask for.
            failures.append(ExpectationFailure(subject: "http version", expected: "HTTP/\(requiredHTTPVersion)", actual: "HTTP/\(used)"))
        }
        if !failures.isEmpty {
            let status = result.status ?? 0
            let statusFailed = failures.contains { $0.subject == "status" }
            let category = statusFailed && status >= 400 ? ResultCategory.forStatus(status) : .expectationFailed
            self.init(category: category, failures: failures, captured: [:])
            self.expectationFailures = expectationFailures
            return
        }
        switch CaptureExtractor.extract(step.captures, from: response) {
        case .success(let values): self.init(category: .ok, failures: [], captured: values)
        case .failure(let failure): self.init(category: .captureFailed, failures: [failure], captured: [:])
        }
    }

    init(category: ResultCategory, failures: [ExpectationFailure], captured: [String: String]) {
        self.category = category
        self.failures = failures
        self.captured = captured
    }
}
