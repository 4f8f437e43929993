import Foundation
import PreflightMetrics

/// What a step's TLS handshake showed, as the report keeps it: a green go-live check still says
/// which protocol version and certificate it saw, so the next renewal date is one look away.
public struct ObservedTLS: Sendable, Equatable, Codable {
    /// As OpenSSL names it: `TLSv1.2`, `TLSv1.3`.
    public var version: String?
    public var subject: String?
    public var issuer: String?
    /// The certificate's last valid instant, RFC 3339 (UTC).
    public var notAfter: String?
    /// Days from the end of the run to `notAfter`, one decimal; negative once expired.
    public var daysLeft: Double?
    /// `DNS:api.example.com`, `IP Address:127.0.0.1`, as the certificate lists them.
    public var subjectAlternativeNames: [String]?

    public init(
        version: String?, subject: String? = nil, issuer: String? = nil, notAfter: String? = nil, daysLeft: Double? = nil,
        subjectAlternativeNames: [String]? = nil
    ) {
        self.version = version
        self.subject = subject
        self.issuer = issuer
        self.notAfter = notAfter
        self.daysLeft = daysLeft
        self.subjectAlternativeNames = subjectAlternativeNames
    }

    /// One line for people: `TLSv1.3, certificate valid until 2027-02-28 (89.9 days left), issuer CN = Example CA`.
    public var summary: String {
        var parts: [String] = []
        if let version { parts.append(version) }
        if let notAfter {
            let day = String(notAfter.prefix(10))
            parts.append("certificate valid until \(day)" + (daysLeft.map { " (\(NumberText.days($0)) days left)" } ?? ""))
        }
        if let issuer { parts.append("issuer \(issuer)") }
        return parts.joined(separator: ", ")
    }
}

extension StepReport {
    /// `HTTP/2`, or `HTTP/1.1 ×3, HTTP/2 ×5` when responses came in several versions; nil when none came.
    public var httpVersionSummary: String? {
        guard let httpVersions, !httpVersions.isEmpty else { return nil }
        if httpVersions.count == 1, let only = httpVersions.keys.first { return "HTTP/\(only)" }
        return httpVersions.sorted { $0.key < $1.key }.map { "HTTP/\($0.key) ×\($0.value)" }.joined(separator: ", ")
    }
}
