/// A threshold as written, what was observed and whether it held.
public struct ThresholdResult: Sendable, Equatable, Codable {
    public var expression: String
    public var observed: Double?
    public var passed: Bool
    /// The sentence a reader sees, e.g. `http_req_duration p95 < 500ms: observed 612.0 ms`.
    public var summary: String
    public var abortOnFail: Bool
    public init(expression: String, observed: Double?, passed: Bool, summary: String, abortOnFail: Bool) {
        self.expression = expression
        self.observed = observed
        self.passed = passed
        self.summary = summary
        self.abortOnFail = abortOnFail
    }
}
