import Yams

/// Decodes `variables:` and `secrets:`.
extension PlanDecoder {
    mutating func decodeVariables(_ node: Node, owner: SourceLocation?) -> [Variable]? {
        guard let fields = entries(of: node, in: "'variables'", owner: owner) else { return nil }
        return fields.entries.compactMap { entry in
            checkVariableName(entry.key, at: entry.keyLocation, kind: "variable")
            if case .scalar(let scalar) = entry.value, ScalarKind(scalar) == .null, !isUnresolved(entry.value) {
                report(
                    "variable '\(entry.key)' has no value", at: entry.keyLocation,
                    hint: "write \(entry.key): \"\" for an empty value")
                return nil
            }
            return string(entry.value, "variable '\(entry.key)'").map { Variable(name: entry.key, value: $0) }
        }
    }

    /// Variable and capture names must be usable in `{{name}}`.
    mutating func checkVariableName(_ name: String, at location: SourceLocation, kind: String) {
        guard !TemplateParser.isValidVariableName(name) else { return }
        report("invalid \(kind) name '\(name)'", at: location, hint: TemplateParser.variableNameRule)
    }

    /// Secret names; each must be a plan variable or a capture in some flow.
    mutating func decodeSecrets(_ node: Node, variables: Set<String>, captures: [String]) -> Set<String>? {
        guard let items = list(node, "'secrets'") else { return nil }
        let known = variables.union(captures)
        var secrets: Set<String> = []
        for item in items {
            guard let name = string(item, "a secret name") else { continue }
            if !known.contains(name) {
                report(
                    "secret '\(name)' is neither a variable, a capture nor a data column", at: location(of: item),
                    hint: DidYouMean.hint(for: name, among: known.sorted())
                        ?? "list names declared under 'variables', captured with 'capture', or data columns as row.<column>")
            }
            secrets.insert(name)
        }
        return secrets
    }
}
