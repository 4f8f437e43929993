/// What happened to one request, in the words an operator uses when triaging.
///
/// A failed request is data, not an exception: every result lands in exactly one category so
/// that a 429 from a rate limiter is never hidden among generic errors.
public enum ResultCategory: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case ok
    case dnsFailure = "dns_failure"
    case connectionRefused = "connection_refused"
    case connectionReset = "connection_reset"
    case timeout
    case tlsError = "tls_error"
    /// Any other transport failure curl reports (malformed URL, too many redirects...).
    case transportError = "transport_error"
    case http4xx = "http_4xx"
    case rateLimited = "http_429"
    case http5xx = "http_5xx"
    /// The response arrived but an expectation of the step did not hold.
    case expectationFailed = "expectation_failed"
    /// The response arrived but a capture found nothing to capture.
    case captureFailed = "capture_failed"

    /// Categories for a response that reached the server and came back with `status`.
    public static func forStatus(_ status: Int) -> ResultCategory {
        switch status {
        case 429: .rateLimited
        case 400..<500: .http4xx
        case 500..<600: .http5xx
        default: .ok
        }
    }

    public static func < (lhs: ResultCategory, rhs: ResultCategory) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
