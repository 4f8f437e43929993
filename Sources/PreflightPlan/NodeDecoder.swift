import Foundation
import PreflightMetrics
import Yams

/// The keys of a mapping that passed the unknown-key check, with their positions.
struct Fields {
    struct Entry {
        var key: String
        var keyNode: Node
        var keyLocation: SourceLocation
        var value: Node
    }

    /// In the order written.
    var entries: [Entry]
    /// Where "missing key" errors point: the key that holds this mapping, or the mapping itself.
    var location: SourceLocation

    subscript(key: String) -> Node? { entries.first { $0.key == key }?.value }
    func keyLocation(_ key: String) -> SourceLocation? { entries.first { $0.key == key }?.keyLocation }
}

/// Typed reads of YAML nodes that report a diagnostic and return nil when the node has the wrong shape.
extension PlanDecoder {
    func location(of node: Node) -> SourceLocation {
        SourceLocation(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// True for a scalar whose environment reference failed, which has been reported already.
    func isUnresolved(_ node: Node) -> Bool {
        node.scalar != nil && unresolved.contains(location(of: node))
    }

    /// How a node looks, for "found ..." in messages.
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar): ScalarKind(scalar) == .null ? "no value" : "'\(scalar.string)'"
        }
    }

    /// The entries of a mapping whose keys are names chosen by the author (targets, flows, headers...).
    mutating func entries(of node: Node, in context: String, owner: SourceLocation?) -> Fields? {
        guard case .mapping(let mapping) = node else {
            if !isUnresolved(node) {
                report("\(context) must be a mapping, found \(describe(node))", at: location(of: node))
            }
            return nil
        }
        var entries: [Fields.Entry] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key, ScalarKind(scalar) != .null else {
                report("keys in \(context) must be plain text, found \(describe(key))", at: location(of: key))
                continue
            }
            entries.append(Fields.Entry(key: scalar.string, keyNode: key, keyLocation: location(of: key), value: value))
        }
        return Fields(entries: entries, location: owner ?? location(of: node))
    }

    /// The entries of a mapping with a fixed set of keys; unknown keys are reported with a suggestion.
    mutating func fields(of node: Node, in context: String, allowed: [String], owner: SourceLocation?) -> Fields? {
        guard var fields = entries(of: node, in: context, owner: owner) else { return nil }
        fields.entries.removeAll { entry in
            guard !allowed.contains(entry.key) else { return false }
            let hint = entry.key == "<<"
                ? "YAML merge keys are not supported; write the keys out (an alias such as *name works for whole values)"
                : DidYouMean.hint(for: entry.key, among: allowed) ?? "allowed keys: " + allowed.joined(separator: ", ")
            report("unknown key '\(entry.key)' in \(context)", at: entry.keyLocation, hint: hint)
            return true
        }
        return fields
    }

    /// The value of a key that must be present; reports the omission at the parent's location.
    mutating func required(_ fields: Fields, _ key: String, in context: String) -> Node? {
        guard let value = fields[key] else {
            report("missing required key '\(key)' in \(context)", at: fields.location)
            return nil
        }
        return value
    }

    /// The text of any scalar that has a value (numbers and booleans read as written).
    mutating func string(_ node: Node, _ what: String) -> String? {
        guard !isUnresolved(node) else { return nil }
        guard case .scalar(let scalar) = node, ScalarKind(scalar) != .null else {
            report("\(what) must be a string, found \(describe(node))", at: location(of: node))
            return nil
        }
        return scalar.string
    }

    mutating func nonEmptyString(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard !text.trimmingWhitespace().isEmpty else {
            report("\(what) must not be empty", at: location(of: node))
            return nil
        }
        return text
    }

    mutating func list(_ node: Node, _ what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            if !isUnresolved(node) {
                report("\(what) must be a list, found \(describe(node))", at: location(of: node))
            }
            return nil
        }
        return Array(sequence)
    }

    mutating func integer(_ node: Node, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what) else { return nil }
        guard let value = Int(text.trimmingWhitespace()) else {
            report("\(what) must be a whole number, found '\(text)'", at: location(of: node))
            return nil
        }
        guard range.contains(value) else {
            let bounds = range.upperBound == .max ? "at least \(range.lowerBound)"
                : "from \(range.lowerBound) to \(range.upperBound)"
            report("\(what) must be \(bounds), found \(value)", at: location(of: node))
            return nil
        }
        return value
    }

    mutating func positiveNumber(_ node: Node, _ what: String) -> Double? {
        guard let text = string(node, what) else { return nil }
        guard let value = Double(text.trimmingWhitespace()), value.isFinite, value > 0 else {
            report("\(what) must be a number greater than 0, found '\(text)'", at: location(of: node))
            return nil
        }
        return value
    }

    mutating func boolean(_ node: Node, _ what: String) -> Bool? {
        guard let text = string(node, what) else { return nil }
        if case .scalar(let scalar) = node, ScalarKind(scalar) == .bool, let value = node.bool { return value }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            report("\(what) must be true or false, found '\(text)'", at: location(of: node))
            return nil
        }
    }

    /// A duration such as `500ms`; zero is accepted only where "no wait" makes sense.
    mutating func duration(_ node: Node, _ what: String, allowZero: Bool = false) -> Duration? {
        guard let text = string(node, what) else { return nil }
        guard let value = DurationParser.parse(text) else {
            let bareNumber = Double(text) != nil
            report(
                "invalid duration '\(text)' for \(what)", at: location(of: node),
                hint: bareNumber ? "add a unit, such as '\(text)s' or '\(text)ms'"
                    : "write a number with a unit (us, ms, s, m, h), such as 250ms, 1.5s or 1m30s")
            return nil
        }
        guard allowZero || value > .zero else {
            report("\(what) must be longer than 0", at: location(of: node))
            return nil
        }
        return value
    }

    /// An arrival rate in iterations per second.
    mutating func rate(_ node: Node, _ what: String) -> Double? {
        guard let text = string(node, what) else { return nil }
        guard let value = RateParser.parse(text) else {
            let bareNumber = Double(text) != nil
            report(
                "invalid rate '\(text)' for \(what)", at: location(of: node),
                hint: bareNumber ? "add a unit, such as '\(text)/s' or '\(text)/m'"
                    : "write iterations per second or per minute, such as 200/s or 12000/m")
            return nil
        }
        return value
    }

    /// A regular expression, compiled now so a typo fails the load rather than every response.
    mutating func pattern(_ node: Node, _ what: String) -> Pattern? {
        guard let text = string(node, what) else { return nil }
        guard let pattern = try? Pattern(text) else {
            report(
                "invalid regular expression '\(text)' in \(what)", at: location(of: node),
                hint: "check for unbalanced parentheses or brackets; escape a literal ( [ { . * + ? with a backslash")
            return nil
        }
        return pattern
    }

    /// A template; its variable references are recorded for the scope check.
    mutating func template(_ node: Node, _ what: String) -> Template? {
        guard let text = string(node, what), case .scalar(let scalar) = node else { return nil }
        do {
            let parts = try TemplateParser.parseLocated(text)
            for located in parts {
                guard case .variable(let name) = located.part else { continue }
                record(TemplateReference(
                    name: name, location: source.location(ofOffset: located.offset, in: text, of: scalar)))
            }
            return Template(parts: parts.map(\.part))
        } catch {
            report(
                "\(error.message) (in \(what))", at: source.location(ofOffset: error.offset, in: text, of: scalar),
                hint: error.hint)
            return nil
        }
    }

    /// A header value, path or URL is one line on the wire: a CR, LF or NUL written into it would
    /// end the header or request line and smuggle in another, so it is refused where it is written.
    /// (Values rendered from variables are checked again when the request is built.)
    mutating func checkSingleLine(_ template: Template, _ node: Node, _ what: String) {
        guard case .scalar(let scalar) = node else { return }
        for part in template.parts {
            guard case .literal(let text) = part else { continue }
            if let index = text.unicodeScalars.firstIndex(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                let within = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: index)
                report(
                    "\(what) contains a line break or NUL, which would smuggle extra lines into the request",
                    at: template.parts.count == 1 ? source.location(ofOffset: within, in: scalar.string, of: scalar) : location(of: node),
                    hint: "write it on one line; a header value cannot hold CR or LF")
                return
            }
        }
    }

    /// A JSON path written as a key or a value.
    mutating func jsonPath(_ node: Node, text: String, _ what: String) -> JSONPath? {
        do {
            return try JSONPathParser.parse(text)
        } catch {
            let position = node.scalar.map { source.location(ofOffset: error.offset, in: text, of: $0) }
            report(
                "invalid JSON path '\(text)' in \(what): \(error.message)", at: position ?? location(of: node),
                hint: "write paths such as $.id, $.items[0].sku or $['odd key']; only member and index access are supported")
            return nil
        }
    }
}

/// The YAML type of a scalar, as resolved from its tag (`"12"` is a string, `12` a number).
enum ScalarKind {
    case null, bool, int, float, string

    init(_ scalar: Node.Scalar) {
        switch Node.scalar(scalar).tag.rawValue {
        case Tag.Name.null.rawValue: self = .null
        case Tag.Name.bool.rawValue: self = .bool
        case Tag.Name.int.rawValue: self = .int
        case Tag.Name.float.rawValue: self = .float
        default: self = .string
        }
    }
}
