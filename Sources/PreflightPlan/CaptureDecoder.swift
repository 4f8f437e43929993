import Foundation
import Yams

/// Decodes a step's `capture:` block: values taken from the response for later steps.
extension PlanDecoder {
    static let captureSources = ["json", "header", "cookie", "regex"]

    mutating func decodeCaptures(_ node: Node, owner: SourceLocation?) -> [Capture] {
        guard let fields = entries(of: node, in: "'capture'", owner: owner) else { return [] }
        return fields.entries.compactMap { entry in
            checkVariableName(entry.key, at: entry.keyLocation, kind: "capture")
            return decodeCapture(entry)
        }
    }

    /// Names a `capture:` block defines, even when some definitions are broken, so that one
    /// mistake does not also report every later use of the name as undefined.
    func capturedNames(_ node: Node) -> [String] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.keys.compactMap { $0.scalar?.string }
    }

    private mutating func decodeCapture(_ entry: Fields.Entry) -> Capture? {
        let what = "capture '\(entry.key)'"
        guard let fields = fields(
            of: entry.value, in: what, allowed: Self.captureSources + ["group"], owner: entry.keyLocation)
        else { return nil }
        let sources = fields.entries.filter { Self.captureSources.contains($0.key) }
        guard let sourceEntry = sources.first else {
            report(
                "\(what) names no source", at: entry.keyLocation,
                hint: "use one of json, header, cookie or regex, such as { json: $.token }")
            return nil
        }
        for extra in sources.dropFirst() {
            report(
                "\(what) has both '\(sourceEntry.key)' and '\(extra.key)'; a capture reads one source",
                at: extra.keyLocation)
        }
        if sourceEntry.key != "regex", let group = fields.keyLocation("group") {
            report("'group' only applies to a regex capture", at: group)
        }
        let value = sourceEntry.value
        let source: Capture.Source?
        switch sourceEntry.key {
        case "json":
            source = string(value, "'json'").flatMap { jsonPath(value, text: $0, what) }.map(Capture.Source.json)
        case "header":
            source = nonEmptyString(value, "'header'").map(Capture.Source.header)
        case "cookie":
            source = nonEmptyString(value, "'cookie'").map(Capture.Source.cookie)
        default:
            source = regexSource(value, group: fields["group"])
        }
        return source.map { Capture(variable: entry.key, source: $0, location: entry.keyLocation) }
    }

    /// A regex capture takes group 1 by default when the pattern has groups, else the whole match.
    private mutating func regexSource(_ node: Node, group groupNode: Node?) -> Capture.Source? {
        guard let pattern = pattern(node, "'regex'") else { return nil }
        let groups = pattern.captureGroups
        guard let groupNode else { return .regex(pattern: pattern, group: groups > 0 ? 1 : 0) }
        guard let group = integer(groupNode, "'group'", in: 0...groups) else { return nil }
        return .regex(pattern: pattern, group: group)
    }
}
