import Yams

/// Refuses plans that grow past a fixed number of values once their YAML aliases are expanded.
///
/// An alias (`*name`) repeats a whole subtree, and aliases of aliases multiply: a few hundred bytes
/// can stand for a billion values (the "billion laughs" attack). Yams shares the repeated subtrees,
/// so composing stays cheap, but every later walk (environment substitution, decoding) would visit
/// each repetition. This count stops at the limit, so a hostile plan costs at most that many visits
/// before it is refused with a position, and nothing downstream ever sees it.
///
/// One case must be caught before Yams composes the text at all: an alias used as a mapping key.
/// Yams hashes every key to find duplicates, and hashing an alias of an alias bomb walks all of
/// it, so ``aliasUsedAsKey(in:)`` scans the text first. No plan needs an alias as a key.
enum AliasExpansionLimit {
    /// Values repeated by aliases, beyond those written out; far above any real plan's reuse of
    /// shared headers or bodies. Values written in the file are not counted: their number is
    /// bounded by the file's size.
    static let maximumValues = 1_000_000

    /// The location to blame when aliases in `root` repeat more than `limit` values: the deepest value on the
    /// overflowing path that is written in the file rather than repeated by an alias; nil when within the limit.
    static func overflow(in root: Node, limit: Int = maximumValues) -> SourceLocation? {
        var counter = Counter(remaining: limit)
        return counter.visit(root, blame: nil)
    }

    private struct Counter {
        var remaining: Int
        /// Positions already visited: a node met again at a known position is an alias's copy.
        var seen: Set<Position> = []

        struct Position: Hashable {
            var line: Int
            var column: Int
        }

        mutating func visit(_ node: Node, blame: SourceLocation?) -> SourceLocation? {
            var blame = blame
            if let mark = node.mark {
                let position = Position(line: mark.line, column: mark.column)
                if seen.insert(position).inserted {
                    blame = SourceLocation(line: mark.line, column: mark.column)
                } else {
                    remaining -= 1
                }
            }
            if remaining < 0 { return blame ?? SourceLocation(line: 1, column: 1) }
            switch node {
            case .scalar, .alias:
                return nil
            case .mapping(let mapping):
                for (key, value) in mapping {
                    if let found = visit(key, blame: blame) ?? visit(value, blame: blame) { return found }
                }
            case .sequence(let sequence):
                for element in sequence {
                    if let found = visit(element, blame: blame) { return found }
                }
            }
            return nil
        }
    }

    /// The position of the first `*alias` written as a mapping key (`*a: x`, `{ *a : x }`,
    /// `? *a`) whose anchor `&a` appears in the text; nil when there is none.
    ///
    /// A light scan, not a YAML parser: it skips comments and quoted text, and only flags names
    /// that are anchored somewhere, so prose in a block scalar cannot trip it by accident.
    static func aliasUsedAsKey(in text: String) -> SourceLocation? {
        // Most plans have no alias at all: a byte scan settles that without copying the text.
        guard text.utf8.contains(UInt8(ascii: "*")), text.utf8.contains(UInt8(ascii: "&")) else { return nil }
        let scalars = Array(text.unicodeScalars)
        let isBreak = { (scalar: Unicode.Scalar) in scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" }
        let isNameEnd = { (scalar: Unicode.Scalar) in isBreak(scalar) || ",[]{}".unicodeScalars.contains(scalar) }
        var anchors: Set<String> = []
        var keyAliases: [(name: String, location: SourceLocation)] = []
        var index = 0
        var line = 1
        var lineStart = 0
        var afterQuestionMark = false
        func name(from start: Int) -> String {
            var end = start
            while end < scalars.count, !isNameEnd(scalars[end]) { end += 1 }
            return String(String.UnicodeScalarView(scalars[start..<end]))
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let atTokenStart = index == 0 || isBreak(scalars[index - 1]) || "[{,?-".unicodeScalars.contains(scalars[index - 1])
            switch scalar {
            case "\n":
                line += 1
                lineStart = index + 1
            case "#" where index == 0 || isBreak(scalars[index - 1]):
                while index + 1 < scalars.count, scalars[index + 1] != "\n" { index += 1 }
            case "\"" where atTokenStart, "'" where atTokenStart:
                // Skip the quoted scalar, counting the lines it spans.
                index += 1
                while index < scalars.count, scalars[index] != scalar {
                    if scalar == "\"", scalars[index] == "\\" { index += 1 }
                    if index < scalars.count, scalars[index] == "\n" {
                        line += 1
                        lineStart = index + 1
                    }
                    index += 1
                }
            case "&" where atTokenStart:
                anchors.insert(name(from: index + 1))
            case "*" where atTokenStart:
                let alias = name(from: index + 1)
                var next = index + 1 + alias.unicodeScalars.count
                while next < scalars.count, isBreak(scalars[next]) { next += 1 }
                let isKey = next < scalars.count && scalars[next] == ":"
                    && (next + 1 == scalars.count || isNameEnd(scalars[next + 1]))
                if isKey || afterQuestionMark {
                    keyAliases.append((alias, SourceLocation(line: line, column: index - lineStart + 1)))
                }
            default:
                break
            }
            if !isBreak(scalar) { afterQuestionMark = scalar == "?" && atTokenStart }
            index += 1
        }
        return keyAliases.first { anchors.contains($0.name) }?.location
    }
}
