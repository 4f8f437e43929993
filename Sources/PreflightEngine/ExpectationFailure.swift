/// Why a step failed, in terms an on-call engineer can act on: what was checked, expected and seen.
public struct ExpectationFailure: Sendable, Equatable, Codable, Error {
    /// What was checked: `status`, `header Location`, `json $.id`, `body`, `duration`.
    public var subject: String
    public var expected: String
    public var actual: String
    public init(subject: String, expected: String, actual: String) {
        self.subject = subject
        self.expected = expected
        self.actual = actual
    }
}
