import Yams

/// Decodes a step's request body from `json`, `form` or `body`, of which at most one may be given.
extension PlanDecoder {
    mutating func decodeBody(_ fields: Fields, in context: String) -> Body? {
        let given = fields.entries.filter { ["json", "form", "body"].contains($0.key) }
        guard let first = given.first else { return nil }
        for extra in given.dropFirst() {
            report(
                "\(context) has both '\(first.key)' and '\(extra.key)'; a request has one body",
                at: extra.keyLocation, hint: "keep one of 'json', 'form' or 'body'")
        }
        switch first.key {
        case "json":
            return jsonTemplate(first.value, "'json'").map(Body.json)
        case "form":
            return .form(decodeParameters(first.value, in: "'form'", owner: first.keyLocation))
        default:
            if first.value.scalar == nil {
                report(
                    "'body' must be text, found \(describe(first.value))", at: location(of: first.value),
                    hint: "use 'json:' for a JSON body or 'form:' for form fields")
                return nil
            }
            return template(first.value, "'body'").map(Body.raw)
        }
    }

    /// Any YAML value as JSON; strings may hold placeholders.
    private mutating func jsonTemplate(_ node: Node, _ what: String) -> JSONTemplate? {
        switch node {
        case .mapping:
            guard let fields = entries(of: node, in: what, owner: nil) else { return nil }
            var members: [(key: String, value: JSONTemplate)] = []
            for entry in fields.entries {
                if let value = jsonTemplate(entry.value, "'\(entry.key)' in \(what)") {
                    members.append((entry.key, value))
                }
            }
            return .object(members)
        case .sequence(let sequence):
            return .array(sequence.compactMap { jsonTemplate($0, what) })
        case .alias:
            report("\(what) cannot use an alias here", at: location(of: node))
            return nil
        case .scalar(let scalar):
            guard !isUnresolved(node) else { return nil }
            switch ScalarKind(scalar) {
            case .null: return .null
            case .bool: return node.bool.map(JSONTemplate.bool)
            case .int, .float:
                let number = node.int.map(Double.init) ?? node.float
                guard let number, number.isFinite else {
                    report("\(what) holds '\(scalar.string)', which is not a JSON number", at: location(of: node))
                    return nil
                }
                return .number(number)
            case .string:
                return template(node, what).map(JSONTemplate.string)
            }
        }
    }
}
