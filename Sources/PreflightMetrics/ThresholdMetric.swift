/// What a threshold measures: the names a plan author writes on the left of a threshold.
///
/// The names follow k6 where the meaning is the same, so that people who know k6 can read a plan,
/// but the headline latency is Preflight's own: `http_req_duration` runs from the time a request
/// was *meant* to be sent, so a stalled server cannot hide its queueing delay (coordinated
/// omission). `http_req_service_duration` is the time measured from the actual send, for comparison.
public enum ThresholdMetric: String, Sendable, Hashable, CaseIterable {
    /// Request latency from the intended send time, corrected for coordinated omission.
    case httpReqDuration = "http_req_duration"
    /// Request latency from the actual send: the service time the server took.
    case httpReqServiceDuration = "http_req_service_duration"
    /// A whole flow iteration, end to end, from its intended start.
    case flowDuration = "flow_duration"
    case httpReqDNS = "http_req_dns"
    case httpReqConnect = "http_req_connect"
    case httpReqTLS = "http_req_tls"
    /// Time to first byte.
    case httpReqTTFB = "http_req_ttfb"
    /// Failed requests: every result category except `ok`.
    case errors
    /// All requests, failed or not.
    case requests
    /// Iterations that were due but not started because the in-flight cap was reached.
    case droppedIterations = "dropped_iterations"
    /// Expectations evaluated; their rate is the passed fraction.
    case checks

    /// Whether the metric is a distribution of durations rather than a count of events.
    var isLatency: Bool {
        switch self {
        case .httpReqDuration, .httpReqServiceDuration, .flowDuration, .httpReqDNS, .httpReqConnect, .httpReqTLS,
             .httpReqTTFB:
            true
        case .errors, .requests, .droppedIterations, .checks:
            false
        }
    }

    /// The selector keys that can narrow this metric: a flow iteration or a dropped iteration
    /// belongs to a flow but has no single step, target or status.
    var filterKeys: [ThresholdFilter.Key] {
        switch self {
        case .flowDuration, .droppedIterations: [.flow]
        case .checks: [.flow, .step, .target]
        default: ThresholdFilter.Key.allCases
        }
    }

    /// What one observation of the metric is, in the plural, for "no requests matched" messages.
    var observations: String {
        switch self {
        case .flowDuration: "flow iterations"
        case .droppedIterations: "scheduled iterations"
        case .checks: "checks"
        default: "requests"
        }
    }

    /// What `rate` means for a counted metric, for hints that suggest it.
    var rateMeaning: String {
        switch self {
        case .errors: "the failed fraction of requests"
        case .checks: "the passed fraction of checks"
        case .droppedIterations: "dropped iterations per second"
        default: "requests per second"
        }
    }

    /// k6's names for the same measurements, so a k6 user is pointed at the Preflight name.
    static let k6Names: [String: ThresholdMetric] = [
        "http_req_failed": .errors,
        "http_reqs": .requests,
        "iteration_duration": .flowDuration,
        "http_req_waiting": .httpReqTTFB,
        "http_req_connecting": .httpReqConnect,
        "http_req_tls_handshaking": .httpReqTLS,
    ]
}
