import Foundation

extension JSONPath {
    /// The value at this path in a document decoded by `JSONSerialization`, or nil when any
    /// member or index along the way is missing.
    public func value(in document: Any) -> Any? {
        var current: Any = document
        for component in components {
            switch component {
            case .key(let key):
                guard let object = current as? [String: Any], let next = object[key] else { return nil }
                current = next
            case .index(let index):
                guard let array = current as? [Any] else { return nil }
                let position = index >= 0 ? index : array.count + index
                guard array.indices.contains(position) else { return nil }
                current = array[position]
            }
        }
        return current
    }
}

/// How a JSON value decoded by `JSONSerialization` reads in messages and compares with literals.
public enum JSONValueText {
    /// Compact text for a decoded value: strings unquoted, numbers without a needless `.0`.
    public static func text(of value: Any) -> String {
        if value is NSNull { return "null" }
        if let number = value as? NSNumber {
            if isBoolean(number) { return number.boolValue ? "true" : "false" }
            return format(number.doubleValue)
        }
        if let string = value as? String { return string }
        if JSONSerialization.isValidJSONObject(value),
           let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]),
           let text = String(data: data, encoding: .utf8) {
            return text
        }
        return String(describing: value)
    }

    public static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    /// The JSON type name of a decoded value, as plans write it.
    public static func type(of value: Any) -> JSONType {
        if value is NSNull { return .null }
        if let number = value as? NSNumber {
            return isBoolean(number) ? .boolean : .number
        }
        if value is String { return .string }
        if value is [Any] { return .array }
        return .object
    }

    /// JSONSerialization returns booleans as NSNumber; their Objective-C type code `c` (char) is the
    /// portable tell, since `is Bool` also matches the numbers 0 and 1 on Linux.
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// Whether a decoded value equals a literal from the plan (numbers by value, no type coercion;
    /// text rendered with the iteration's variables first).
    public static func value(_ value: Any, equals scalar: JSONScalar, renderer: TemplateRenderer) -> Bool {
        switch scalar {
        case .null: return value is NSNull
        case .bool(let expected): return type(of: value) == .boolean && (value as? NSNumber)?.boolValue == expected
        case .number(let expected): return type(of: value) == .number && (value as? NSNumber)?.doubleValue == expected
        case .string(let expected): return (value as? String) == renderer.render(expected)
        }
    }
}

extension JSONScalar: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): JSONValueText.format(value)
        case .string(let value): value.description
        }
    }
}
