/// A cursor over a threshold expression, the character-level half of ``ThresholdParser``.
///
/// It works on Unicode scalars so that its offsets are the ones ``ThresholdError`` promises.
/// The grammar is small and context-dependent (`p95` is an aggregation, `95` a number, text in a
/// selector runs to the next comma), so the parser asks for what it expects next rather than
/// reading a stream of tokens.
struct ThresholdScanner {
    private let scalars: [Unicode.Scalar]
    private(set) var offset = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    var isAtEnd: Bool { offset >= scalars.count }
    var current: Unicode.Scalar? { isAtEnd ? nil : scalars[offset] }

    mutating func advance() {
        offset = Swift.min(offset + 1, scalars.count)
    }

    /// Moves back to an earlier offset, after looking ahead.
    mutating func rewind(to earlier: Int) {
        offset = earlier
    }

    mutating func skipSpaces() {
        while let scalar = current, scalar.properties.isWhitespace { offset += 1 }
    }

    /// Consumes `scalar` if it comes next.
    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard current == scalar else { return false }
        offset += 1
        return true
    }

    /// Consumes and returns the longest run of scalars satisfying `predicate`.
    mutating func take(while predicate: (Unicode.Scalar) -> Bool) -> String {
        var taken = String.UnicodeScalarView()
        while let scalar = current, predicate(scalar) {
            taken.append(scalar)
            offset += 1
        }
        return String(taken)
    }

    /// Skips to the next whitespace, past something that could not be read.
    mutating func skipWord() {
        while let scalar = current, !scalar.properties.isWhitespace { offset += 1 }
    }

    /// The text consumed since `start`.
    func text(from start: Int) -> String {
        String(String.UnicodeScalarView(scalars[start..<offset]))
    }

    /// What comes next, quoted for a message: `'xyz'` up to the next whitespace, or the end.
    var found: String {
        let word = scalars[offset...].prefix { !$0.properties.isWhitespace }.prefix(24)
        return word.isEmpty ? "the end of the expression" : "'\(String(String.UnicodeScalarView(word)))'"
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    /// Letters, digits and underscores: metric names, selector keys, aggregation keywords.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || isDigit(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
