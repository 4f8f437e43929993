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

    /// Remembers a value to hide, in every form a server or a report commonly carries it:
    /// as written; percent-encoded (upper- and lower-case hex, `+` for spaces) as in a URL or a
    /// form body; JSON-escaped with and without `\/`, and with non-ASCII text as `\uXXXX` (as
    /// ASCII-only JSON encoders write it), each of those percent-encoded too; and Base64, as in a
    /// `Basic` credential. Empty values are ignored (they would match everywhere).
    public mutating func add(_ value: String) {
        guard !value.isEmpty else { return }
        var written: Set<String> = [value]
        for asciiOnly in [false, true] {
            for lowercase in [false, true] where asciiOnly || !lowercase {
                let escaped = Self.jsonEscaped(value, asciiOnly: asciiOnly, lowercaseHex: lowercase)
                written.insert(escaped)
                written.insert(escaped.replacingOccurrences(of: "/", with: "\\/"))
            }
        }
        // Each written form may also travel percent-encoded, e.g. an echoed JSON body in a query.
        var forms = written.union([Self.base64(value), Self.base64(value, padded: false)])
        for form in written {
            for percent in [Self.percentEncoded(form, lowercase: false), Self.percentEncoded(form, lowercase: true)] {
                forms.insert(percent)
                forms.insert(percent.replacingOccurrences(of: "%20", with: "+"))
            }
        }
        for form in forms where !form.isEmpty && !values.contains(form) {
            values.append(form)
        }
        values.sort { $0.count > $1.count }
    }

    /// Remembers the credentials of a URL's `user:password@`: the password in its forms, and the
    /// `Basic` value curl builds from the pair, which an echoing server sends back.
    public mutating func addCredentials(ofURL url: String) {
        guard let components = URLComponents(string: url), let password = components.password, !password.isEmpty else { return }
        add(password)
        if let decoded = components.password?.removingPercentEncoding { add(decoded) }
        let user = components.user?.removingPercentEncoding ?? components.user ?? ""
        add(user + ":" + (password.removingPercentEncoding ?? password))
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func percentEncoded(_ value: String, lowercase: Bool) -> String {
        var encoded = ""
        for byte in value.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, unreserved.contains(scalar) {
                encoded.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: !lowercase)
                encoded += "%" + (hex.count < 2 ? "0" : "") + hex
            }
        }
        return encoded
    }

    private static func jsonEscaped(_ value: String, asciiOnly: Bool, lowercaseHex: Bool) -> String {
        func unicodeEscape(_ unit: UInt16) -> String {
            let hex = String(unit, radix: 16, uppercase: !lowercaseHex)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7E) {
                    escaped += UTF16.encode(scalar)?.map(unicodeEscape).joined() ?? ""
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }

    private static func base64(_ value: String, padded: Bool = true) -> String {
        let encoded = Data(value.utf8).base64EncodedString()
        return padded ? encoded : String(encoded.prefix { $0 != "=" })
    }

    public func redact(_ text: String) -> String {
        var result = text
        for value in values where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: Self.mask)
        }
        return result
    }

    /// The secrets of a plan: values of variables it lists in `secrets`, and the passwords in its
    /// target URLs.
    public init(plan: Plan) {
        self.init(values: plan.variables.filter { plan.secrets.contains($0.name) }.map(\.value))
        for target in plan.targets.values { addCredentials(ofURL: target.baseURL) }
    }
}

/// Removes `user:password@` from URLs before they are printed or written.
public enum URLCredentials {
    public static func strip(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.user != nil || components.password != nil else { return url }
        components.user = nil
        components.password = nil
        return components.string ?? url
    }
}
