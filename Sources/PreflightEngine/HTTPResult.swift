import Foundation
import PreflightMetrics

/// The outcome of one transfer: a response, or a categorized transport failure. Never thrown.
public struct HTTPResult: Sendable {
    /// HTTP status, nil when no response arrived.
    public var status: Int?
    /// Response headers in arrival order (of the final response when redirects are followed).
    public var headers: [(name: String, value: String)]
    /// The response body, cut at the transport's body limit.
    public var body: [UInt8]
    /// True when the body was longer than the limit and was cut.
    public var bodyTruncated: Bool
    public var timings: PhaseTimings
    /// Set when the transfer failed below HTTP (DNS, connect, TLS, timeout, reset...).
    public var transportError: TransportError?
    /// The connection's TLS, when the request asked to inspect it.
    public var tls: TLSObservation?
    /// The HTTP version of the final response: `1.1`, `2`...; nil when none came.
    public var httpVersion: String?
    /// For a request that handed its cookies to curl: the cookies after every hop, in the same form.
    public var cookieLines: [String]?
    /// Monotonic time (nanoseconds, `DispatchTime.now().uptimeNanoseconds`) when the transfer was handed to curl.
    public var sentAtNanos: UInt64

    public init(
        status: Int?, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        bodyTruncated: Bool = false, timings: PhaseTimings = PhaseTimings(),
        transportError: TransportError? = nil, sentAtNanos: UInt64 = 0
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyTruncated = bodyTruncated
        self.timings = timings
        self.transportError = transportError
        self.sentAtNanos = sentAtNanos
    }

    /// The category from the transport and status alone (expectations may still fail later).
    public var category: ResultCategory {
        if let transportError { return transportError.category }
        return ResultCategory.forStatus(status ?? 0)
    }

    /// The first header with this name, compared case-insensitively as HTTP requires.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.isSameHeaderName(name) }?.value
    }
}

/// A failure below HTTP, as curl reported it.
public struct TransportError: Sendable, Equatable, Error {
    public var category: ResultCategory
    /// curl's error code (CURLcode) for diagnostics.
    public var code: Int
    /// curl's human-readable explanation.
    public var message: String
    public init(category: ResultCategory, code: Int, message: String) {
        self.category = category
        self.code = code
        self.message = message
    }
}

/// What a TLS handshake showed: the negotiated protocol and the server certificate's facts.
public struct TLSObservation: Sendable, Equatable {
    /// As OpenSSL names it: `TLSv1.2`, `TLSv1.3`.
    public var version: String?
    public var subject: String?
    public var issuer: String?
    public var notAfter: Date?
    /// `DNS:api.example.com`, `IP Address:127.0.0.1`, as the certificate lists them.
    public var subjectAlternativeNames: [String]

    public init(version: String? = nil, subject: String? = nil, issuer: String? = nil, notAfter: Date? = nil, subjectAlternativeNames: [String] = []) {
        self.version = version
        self.subject = subject
        self.issuer = issuer
        self.notAfter = notAfter
        self.subjectAlternativeNames = subjectAlternativeNames
    }

    /// Reads curl's certificate lines (`Issuer:CN = ...`, `Expire date:Dec  2 17:00:00 2026 GMT`).
    init(version: String?, certificateLines: [String]) {
        self.init(version: version)
        for line in certificateLines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon]
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            switch key {
            case "Subject": subject = value
            case "Issuer": issuer = value
            case "Expire date": notAfter = Self.certificateDate(value)
            case "X509v3 Subject Alternative Name":
                subjectAlternativeNames = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            default: continue
            }
        }
    }

    private static func certificateDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "MMM d HH:mm:ss yyyy zzz"
        return formatter.date(from: text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " "))
    }
}
