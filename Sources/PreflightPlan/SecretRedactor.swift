import Foundation

/// Replaces secret values with `***` in anything about to be printed or written.
///
/// Secrets are known by name in the plan, but they leak by value (in a URL, a header, an echoed
/// body), so redaction works on values: every value of a secret variable or capture seen so far.
public struct SecretRedactor: Sendable, Equatable {
    public static let mask = "***"
    /// Longest first, so a secret that contains another is replaced whole.
    public private(set) var values: [String]

    public init(values: some Sequence<String> = []) {
        self.values = []
        for value in values { add(value) }
    }

    /// Remembers a value to hide, with its percent-encoded form (how it appears in a URL or a form
    /// body) and its JSON-escaped form. Empty values are ignored (they would match everywhere).
    public mutating func add(_ value: String) {
        let encoded = value.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? value
        // As a JSON string would carry it, escapes and all (an echoed request body, an error message).
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "/", with: "\\/")
        for form in Set([value, encoded, escaped]) where !form.isEmpty && !values.contains(form) {
            values.append(form)
        }
        values.sort { $0.count > $1.count }
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    public func redact(_ text: String) -> String {
        var result = text
        for value in values where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: Self.mask)
        }
        return result
    }

    /// The secrets of a plan: values of variables it lists in `secrets`.
    public init(plan: Plan) {
        self.init(values: plan.variables.filter { plan.secrets.contains($0.name) }.map(\.value))
    }
}
