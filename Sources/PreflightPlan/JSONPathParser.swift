/// Why a JSON path could not be parsed, and where.
public struct JSONPathSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Offset from the start of the path text, in Unicode scalars.
    public var offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at offset \(offset))" }
}

/// Reads `$.order.id`, `$.items[0].sku`, `$.items[-1]` (the last item), `$['odd key']`, and the
/// same without the leading `$.` (`order.id`), since people write both.
public enum JSONPathParser {
    public static func parse(_ text: String) throws(JSONPathSyntaxError) -> JSONPath {
        var reader = Reader(scalars: Array(text.unicodeScalars))
        guard !reader.atEnd else { throw JSONPathSyntaxError(message: "empty JSON path", offset: 0) }
        var components: [JSONPath.Component] = []
        if reader.peek == "$" {
            reader.index += 1
        } else if reader.peek != "[" {
            components.append(.key(try reader.dottedKey()))
        }
        while let next = reader.peek {
            switch next {
            case ".":
                reader.index += 1
                components.append(.key(try reader.dottedKey()))
            case "[":
                components.append(try reader.bracketed())
            default:
                throw JSONPathSyntaxError(
                    message: "unexpected '\(next)'; expected '.key' or '[...]'", offset: reader.index)
            }
        }
        return JSONPath(components: components)
    }

    private struct Reader {
        var scalars: [Unicode.Scalar]
        var index = 0

        var atEnd: Bool { index >= scalars.count }
        var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }

        /// A key after `.` or at the start: letters, digits, `_` and `-`.
        mutating func dottedKey() throws(JSONPathSyntaxError) -> String {
            let start = index
            while let scalar = peek, scalar == "_" || scalar == "-" || scalar.properties.isAlphabetic
                || ("0"..."9").contains(scalar) {
                index += 1
            }
            guard index > start else {
                let found = peek.map { "'\($0)'" } ?? "the end of the path"
                throw JSONPathSyntaxError(message: "expected a key at \(found)", offset: index)
            }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }

        /// `[0]`, `['key']` or `["key"]`.
        mutating func bracketed() throws(JSONPathSyntaxError) -> JSONPath.Component {
            let open = index
            index += 1
            let component: JSONPath.Component
            if let quote = peek, quote == "'" || quote == "\"" {
                component = .key(try quotedKey(quote))
            } else {
                let start = index
                if peek == "-" { index += 1 }
                while let scalar = peek, ("0"..."9").contains(scalar) { index += 1 }
                guard let value = Int(String(String.UnicodeScalarView(scalars[start..<index]))) else {
                    throw JSONPathSyntaxError(
                        message: "expected an index such as [0] or [-1], or a quoted key such as ['name'], after '['",
                        offset: start)
                }
                component = .index(value)
            }
            guard peek == "]" else {
                throw JSONPathSyntaxError(message: "unclosed '['", offset: open)
            }
            index += 1
            return component
        }

        /// A key in quotes, where a backslash escapes the next character.
        private mutating func quotedKey(_ quote: Unicode.Scalar) throws(JSONPathSyntaxError) -> String {
            let open = index
            index += 1
            var key = String.UnicodeScalarView()
            while let scalar = peek, scalar != quote {
                if scalar == "\\", index + 1 < scalars.count { index += 1 }
                key.append(scalars[index])
                index += 1
            }
            guard peek == quote else {
                throw JSONPathSyntaxError(message: "unclosed quote", offset: open)
            }
            index += 1
            return String(key)
        }
    }
}
