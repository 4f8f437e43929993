import PreflightMetrics

/// What happened at one step of one flow iteration, already redacted and ready to print or store.
public struct StepResult: Sendable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        case passed, failed, skipped
    }

    public var flow: String
    public var step: String
    /// Which run of its flow this was, from 0.
    public var iteration: Int
    public var outcome: Outcome
    /// nil for a skipped step, which sent nothing.
    public var category: ResultCategory?
    /// `METHOD URL`, secrets masked; empty for a passed step, which never prints it (a load run
    /// would otherwise format and redact a line per request for nothing).
    public var requestLine: String
    public var status: Int?
    public var timings: PhaseTimings
    public var failures: [ExpectationFailure]
    /// curl's explanation when the transfer failed below HTTP.
    public var transportMessage: String?
    /// The start of the response body on failure (secrets masked), for the reader's first look.
    public var responseExcerpt: String?
    /// The response headers on failure, `Name: value`, credentials and secrets masked.
    public var responseHeaders: [String]
    /// Position of the step in its flow.
    public var stepIndex: Int
    /// Monotonic nanoseconds: when the request should have gone out (the iteration's scheduled
    /// start for a first step, the previous step's completion after that) and when it completed.
    public var intendedSendNanos: UInt64
    public var completedNanos: UInt64
    /// Expectations evaluated and how many of them held.
    public var checksTotal: Int
    public var checksPassed: Int
    /// Why a skipped step did not run, in words.
    public var skipReason: String?
    /// The HTTP version the response came in (`1.1`, `2`), nil when none came.
    public var httpVersion: String?
    /// What the TLS handshake showed, for a step that checks TLS: reported for passing steps too,
    /// so a green go-live check still says which version and certificate it saw.
    public var tls: TLSObservation?

    public init(
        flow: String, step: String, iteration: Int = 0, outcome: Outcome, category: ResultCategory?, requestLine: String,
        status: Int? = nil, timings: PhaseTimings = PhaseTimings(), failures: [ExpectationFailure] = [],
        transportMessage: String? = nil, responseExcerpt: String? = nil, responseHeaders: [String] = [], stepIndex: Int = 0,
        intendedSendNanos: UInt64 = 0, completedNanos: UInt64 = 0, checksTotal: Int = 0, checksPassed: Int = 0,
        skipReason: String? = nil
    ) {
        self.flow = flow
        self.step = step
        self.iteration = iteration
        self.outcome = outcome
        self.category = category
        self.requestLine = requestLine
        self.status = status
        self.timings = timings
        self.failures = failures
        self.transportMessage = transportMessage
        self.responseExcerpt = responseExcerpt
        self.responseHeaders = responseHeaders
        self.stepIndex = stepIndex
        self.intendedSendNanos = intendedSendNanos
        self.completedNanos = completedNanos
        self.checksTotal = checksTotal
        self.checksPassed = checksPassed
        self.skipReason = skipReason
    }

    /// Latency from the intended send time: what a user arriving on schedule would have waited.
    public var correctedMicros: Int64 {
        completedNanos > intendedSendNanos ? Int64((completedNanos - intendedSendNanos) / 1000) : timings.totalMicros
    }
}
