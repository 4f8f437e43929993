import Foundation
import PreflightPlan

/// A response as expectations and captures read it: body text and JSON decoded once, on demand.
struct ResponseDocument {
    let result: HTTPResult
    let json: Any?

    init(_ result: HTTPResult, needsJSON: Bool) {
        self.result = result
        self.json = needsJSON ? try? JSONSerialization.jsonObject(with: Data(result.body), options: [.fragmentsAllowed]) : nil
    }

    /// Why `json` is nil when a step reads JSON: a body cut at the size limit says so, rather than
    /// blaming the server for JSON that was only cut short here.
    var notJSONReason: String {
        result.bodyTruncated
            ? "body truncated at \(ByteSize.describe(result.body.count)) (defaults.maxBodySize), so it cannot be read as JSON"
            : "body is not JSON"
    }

    /// The body as text, decoded when an expectation or capture reads it (most steps never do).
    var bodyText: String {
        String(decoding: result.body, as: UTF8.self)
    }

    /// Whether any of these expectations or captures read the body as JSON.
    static func needsJSON(_ expectations: [Expectation], _ captures: [Capture]) -> Bool {
        expectations.contains { if case .json = $0.kind { true } else { false } }
            || captures.contains { if case .json = $0.source { true } else { false } }
    }

    /// Values of `Set-Cookie` headers by cookie name.
    func cookie(named name: String) -> String? {
        for header in result.headers where header.name.isSameHeaderName("Set-Cookie") {
            let pair = header.value.split(separator: ";", maxSplits: 1).first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
