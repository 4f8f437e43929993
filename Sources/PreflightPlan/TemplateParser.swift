/// Turns `Bearer {{token}}` or `ord-{{$randomInt(1,100)}}` into a `Template`.
///
/// Parsing happens once at load time so that typos in placeholders are reported with the
/// rest of the plan's problems instead of surfacing in the middle of a load test.
public enum TemplateParser {
    public static func parse(_ text: String) throws(TemplateSyntaxError) -> Template {
        Template(parts: try parseLocated(text).map(\.part))
    }

    /// A template part with the offset (in Unicode scalars) where it starts in the text.
    struct LocatedPart {
        var part: Template.Part
        var offset: Int
    }

    /// The parts of `text` with their offsets, so the loader can point at individual placeholders.
    static func parseLocated(_ text: String) throws(TemplateSyntaxError) -> [LocatedPart] {
        let scalars = Array(text.unicodeScalars)
        var parts: [LocatedPart] = []
        var literal = String.UnicodeScalarView()
        var literalStart = 0
        var index = 0
        while index < scalars.count {
            guard starts(scalars, at: index, with: "{{") else {
                if literal.isEmpty { literalStart = index }
                literal.append(scalars[index])
                index += 1
                continue
            }
            guard let close = find(scalars, "}}", from: index + 2) else {
                throw TemplateSyntaxError(
                    message: "unclosed '{{'", hint: "close the placeholder with '}}'", offset: index)
            }
            if !literal.isEmpty {
                parts.append(LocatedPart(part: .literal(String(literal)), offset: literalStart))
                literal = String.UnicodeScalarView()
            }
            let content = scalars[(index + 2)..<close]
            let leadingSpaces = content.prefix(while: { $0.properties.isWhitespace }).count
            let trimmed = String(String.UnicodeScalarView(content)).trimmingWhitespace()
            let part = try placeholder(trimmed, at: index, contentOffset: index + 2 + leadingSpaces)
            parts.append(LocatedPart(part: part, offset: index))
            index = close + 2
        }
        if !literal.isEmpty {
            parts.append(LocatedPart(part: .literal(String(literal)), offset: literalStart))
        }
        return parts
    }

    /// Names of variables and captures: letters, digits and underscores, not starting with a digit;
    /// `row.<column>` reads the iteration's row of the plan's data file.
    static func isValidReference(_ name: String) -> Bool {
        isValidVariableName(name.hasPrefix("row.") ? String(name.dropFirst(4)) : name)
    }

    /// Names of variables and captures: letters, digits and underscores, not starting with a digit.
    static func isValidVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    static let variableNameRule = "names use letters, digits and '_', and do not start with a digit"

    /// The part for the text between `{{` (at `start`) and `}}`; errors point at the content, or at
    /// the braces when there is none.
    private static func placeholder(
        _ content: String, at start: Int, contentOffset offset: Int
    ) throws(TemplateSyntaxError) -> Template.Part {
        if content.isEmpty {
            throw TemplateSyntaxError(
                message: "empty placeholder '{{}}'",
                hint: "put a variable name or a generator such as $uuid between the braces", offset: start)
        }
        if content.hasPrefix("$") {
            return .generator(try GeneratorParser.parse(content, offset: offset))
        }
        guard isValidReference(content) else {
            throw TemplateSyntaxError(
                message: "invalid variable name '\(content)'", hint: variableNameRule, offset: offset)
        }
        return .variable(content)
    }

    private static func starts(_ scalars: [Unicode.Scalar], at index: Int, with marker: String) -> Bool {
        let marker = Array(marker.unicodeScalars)
        return index + marker.count <= scalars.count && Array(scalars[index..<(index + marker.count)]) == marker
    }

    private static func find(_ scalars: [Unicode.Scalar], _ marker: String, from start: Int) -> Int? {
        var index = start
        while index < scalars.count {
            if starts(scalars, at: index, with: marker) { return index }
            index += 1
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing whitespace (Foundation-free).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}

/// Why a template could not be parsed, and where, so the loader can point at the exact column.
public struct TemplateSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    /// Offset from the start of the template text, in Unicode scalars (the unit YAML columns count).
    public var offset: Int

    public init(message: String, hint: String? = nil, offset: Int) {
        self.message = message
        self.hint = hint
        self.offset = offset
    }

    public var description: String { "\(message) (at offset \(offset))" }
}
