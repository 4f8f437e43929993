import Yams

/// The plan text split into lines, for turning an offset inside a scalar into an editor column.
///
/// YAML reports where a scalar starts; a message about the third placeholder of a long URL is
/// more useful when it points at that placeholder. The column is only refined when the source
/// text visibly matches the value (a single-line plain or quoted scalar without escapes);
/// otherwise the scalar's own position is used, which is never wrong.
struct SourceText {
    private let lines: [[Unicode.Scalar]]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            Array(line.unicodeScalars)
        }
    }

    /// The 1-based location of the scalar at `offset` in `value`, the text of the scalar `node`.
    func location(ofOffset offset: Int, in value: String, of node: Node.Scalar) -> SourceLocation {
        let start = SourceLocation(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        let opening: Int
        switch node.style {
        case .plain, .any: opening = 0
        case .singleQuoted, .doubleQuoted: opening = 1
        case .literal, .folded: return start
        }
        let prefix = Array(value.unicodeScalars.prefix(offset))
        let firstIndex = start.column - 1 + opening
        guard start.line - 1 < lines.count, prefix.count == offset,
              firstIndex + offset <= lines[start.line - 1].count,
              Array(lines[start.line - 1][firstIndex..<(firstIndex + offset)]) == prefix
        else { return start }
        return SourceLocation(line: start.line, column: firstIndex + offset + 1)
    }

    /// The text of a 1-based line, or nil past the end.
    func line(_ number: Int) -> [Unicode.Scalar]? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    /// The 1-based location of the byte at `offset` of the UTF-8 text, or nil past its end.
    func location(ofUTF8Offset offset: Int) -> SourceLocation? {
        var remaining = offset
        for (index, line) in lines.enumerated() {
            let bytes = line.reduce(0) { $0 + UTF8.width($1) }
            if remaining <= bytes {
                var column = 1
                var consumed = 0
                for scalar in line where consumed < remaining {
                    consumed += UTF8.width(scalar)
                    column += 1
                }
                return SourceLocation(line: index + 1, column: column)
            }
            remaining -= bytes + 1
        }
        return nil
    }

    /// Where the first byte that is not valid UTF-8 sits, or nil when all of `bytes` is UTF-8.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> SourceLocation? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var line = 1
        var column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                return SourceLocation(line: line, column: column)
            case .emptyInput:
                return nil
            }
        }
    }
}
