import Foundation
import PreflightPlan
import PreflightMetrics

/// Judges a step's `tls` check against what the handshake showed, and says what it saw: the
/// version, the expiry date and the days left, the names, the issuer.
enum TLSCheckEvaluation {
    static func failure(of check: TLSCheck, observed: TLSObservation?, host: String?, now: Date = Date()) -> ExpectationFailure? {
        guard let observed else {
            return ExpectationFailure(subject: "tls", expected: describe(check), actual: "no TLS handshake (plain http?)")
        }
        var problems: [String] = []
        if let minimum = check.minVersion {
            let version = observed.version ?? "unknown"
            if (number(of: version) ?? 0) < (Double(minimum.rawValue) ?? 0) - 1e-9 { problems.append("negotiated \(version)") }
        }
        if let validFor = check.validForAtLeast {
            if let notAfter = observed.notAfter {
                let left = notAfter.timeIntervalSince(now)
                if left < validFor.seconds {
                    problems.append("certificate expires \(dayText(notAfter)) (\(NumberText.days(left / 86_400)) days left)")
                }
            } else {
                problems.append("no certificate expiry observed")
            }
        }
        if check.coversHost, let host, !covers(host, names: observed.subjectAlternativeNames) {
            problems.append("certificate names \(observed.subjectAlternativeNames.joined(separator: ", ")) do not cover \(host)")
        }
        if let issuer = check.issuer, issuer.firstMatch(in: observed.issuer ?? "") == nil {
            problems.append("issuer \(observed.issuer ?? "unknown")")
        }
        return problems.isEmpty ? nil
            : ExpectationFailure(subject: "tls", expected: describe(check), actual: problems.joined(separator: "; "))
    }

    /// `TLSv1.3` as 1.3.
    private static func number(of version: String) -> Double? {
        Double(version.replacingOccurrences(of: "TLSv", with: ""))
    }

    /// Whether a certificate's alternative names cover `host`: exact, a `*.` wildcard for one
    /// label, or an IP address entry.
    static func covers(_ host: String, names: [String]) -> Bool {
        let host = host.lowercased()
        return names.contains { entry in
            if entry.hasPrefix("IP Address:") { return entry.dropFirst("IP Address:".count) == host }
            guard entry.hasPrefix("DNS:") else { return false }
            let name = entry.dropFirst(4).lowercased()
            if name.hasPrefix("*.") {
                let suffix = name.dropFirst(1)
                return host.hasSuffix(suffix) && !host.dropLast(suffix.count).contains(".") && host.count > suffix.count
            }
            return name == host
        }
    }

    private static func describe(_ check: TLSCheck) -> String {
        var parts: [String] = []
        if let minimum = check.minVersion { parts.append("TLS \(minimum.rawValue)+") }
        if let validFor = check.validForAtLeast { parts.append("valid for at least \(String(format: "%.0f", validFor.seconds / 86_400)) days") }
        if check.coversHost { parts.append("names the host") }
        if let issuer = check.issuer { parts.append("issuer matches /\(issuer)/") }
        return parts.joined(separator: ", ")
    }

    private static func dayText(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
