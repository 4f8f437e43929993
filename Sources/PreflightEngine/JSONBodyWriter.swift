import PreflightPlan

/// Writes a `json:` body exactly as the plan says: keys in the order written, numbers as their
/// literal digits (so `12345678901234567` is never rounded through a `Double`), strings rendered
/// from their templates and escaped as JSON requires, `/` and non-ASCII text left as they are.
struct JSONBodyWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ template: JSONTemplate, renderer: TemplateRenderer) {
        switch template {
        case .null: append("null")
        case .bool(let value): append(value ? "true" : "false")
        case .number(let literal): append(literal.text)
        case .string(let text): writeString(renderer.render(text))
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item, renderer: renderer)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(member.key)
                bytes.append(UInt8(ascii: ":"))
                write(member.value, renderer: renderer)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            case UInt8(ascii: "\r"): append("\\r")
            case UInt8(ascii: "\t"): append("\\t")
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
