/// A number in a `json:` body, kept as the JSON text the plan wrote rather than as a `Double`, so
/// `12345678901234567` and `9223372036854775807` are sent digit for digit.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// Valid JSON number text, e.g. `-12`, `0.5`, `1e-3`.
    public let text: String

    public init(integerLiteral value: Int) {
        text = String(value)
    }

    public init(floatLiteral value: Double) {
        text = String(value)
    }

    public var description: String { text }

    /// The number a plain YAML scalar denotes under the YAML 1.2 core schema, as JSON text; nil
    /// when it is not a number there. `01234` is the decimal 1234 (not YAML 1.1's octal 668),
    /// `0o17` and `0x1F` are octal and hexadecimal; `.inf` and `.nan` are numbers JSON cannot send
    /// and return nil too (check ``YAMLCoreScalar`` for those).
    public init?(yamlCore written: String) {
        var body = Substring(written)
        var sign = ""
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        if sign.isEmpty, written.first != "+", let value = Self.radixInteger(body) {
            text = value
            return
        }
        let digits = { (text: Substring) in !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber } }
        var mantissa = body
        var exponent = ""
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<e]
            var power = body[body.index(after: e)...]
            var powerSign = ""
            if let first = power.first, first == "-" || first == "+" {
                powerSign = first == "-" ? "-" : ""
                power = power.dropFirst()
            }
            guard digits(power) else { return nil }
            exponent = "e" + powerSign + String(power)
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : nil
        guard whole.isEmpty || digits(whole), fraction.map({ $0.isEmpty || digits($0) }) ?? true,
              !(whole.isEmpty && (fraction?.isEmpty ?? true))
        else { return nil }
        // YAML 1.2 requires digits before an exponent only in the float form; `1e5` is a float there too.
        let trimmedWhole = whole.drop { $0 == "0" }
        var result = sign + (trimmedWhole.isEmpty ? "0" : String(trimmedWhole))
        if let fraction, !fraction.isEmpty { result += "." + fraction }
        text = result + exponent
    }

    /// `0o17` and `0x1F` as decimal text, when they fit in 64 bits.
    private static func radixInteger(_ body: Substring) -> String? {
        let prefix = body.prefix(2)
        let radix = prefix == "0o" ? 8 : prefix == "0x" ? 16 : nil
        guard let radix, body.count > 2, let value = UInt64(body.dropFirst(2), radix: radix) else { return nil }
        return String(value)
    }
}

/// How the YAML 1.2 core schema reads a plain (unquoted, untagged) scalar, for values that are
/// sent as data: `yes`, `on` and `1_000` are text there, unlike YAML 1.1, which Yams follows.
public enum YAMLCoreScalar: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    /// `.inf`, `-.inf`, `.nan`: numbers in YAML, but not in JSON.
    case nonFiniteNumber
    case string

    public init(plain text: String) {
        switch text {
        case "", "~", "null", "Null", "NULL": self = .null
        case "true", "True", "TRUE": self = .bool(true)
        case "false", "False", "FALSE": self = .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            self = .nonFiniteNumber
        default:
            self = JSONNumber(yamlCore: text).map(YAMLCoreScalar.number) ?? .string
        }
    }
}
