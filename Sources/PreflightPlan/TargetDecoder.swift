import Yams

/// Decodes `targets:`, the named base URLs steps are sent to: a URL, or a mapping with the URL and
/// the target's own connection settings (`http`, `tls`, `resolve`, `connectTo`) over the defaults'.
extension PlanDecoder {
    static let targetKeys = ["url", "http", "tls", "resolve", "connectTo"]

    mutating func decodeTargets(_ node: Node, owner: SourceLocation?, defaults: ConnectionSettings) -> [Target]? {
        guard let fields = entries(of: node, in: "'targets'", owner: owner) else { return nil }
        guard !fields.entries.isEmpty else {
            report(
                "'targets' must name at least one base URL", at: fields.location,
                hint: "for example: api: \"${API_URL:-http://127.0.0.1:8080}\"")
            return nil
        }
        var targets: [Target] = []
        for entry in fields.entries {
            let what = "target '\(entry.key)'"
            var connection: ConnectionSettings?
            var urlNode = entry.value
            if entry.value.mapping != nil {
                guard let settings = self.fields(of: entry.value, in: "'targets.\(entry.key)'", allowed: Self.targetKeys, owner: entry.keyLocation),
                      let node = required(settings, "url", in: "'targets.\(entry.key)'") else { continue }
                urlNode = node
                var own = defaults
                decodeConnection(settings, in: "targets.\(entry.key)", into: &own)
                connection = own
            }
            guard let url = string(urlNode, what) else { continue }
            if url.contains("{{") {
                report(
                    "\(what) cannot use '{{...}}' placeholders", at: location(of: urlNode),
                    hint: "base URLs are fixed when the plan loads; use an environment reference such as ${API_URL}")
            } else if let problem = URLValidation.problem(with: url) {
                report("invalid URL '\(URLCredentials.strip(url))' for \(what): \(problem.reason)", at: location(of: urlNode),
                       hint: problem.hint)
            }
            targets.append(Target(name: entry.key, baseURL: url, connection: connection))
        }
        return targets
    }

    /// Reports `name` unless it is a defined target; silent when the targets themselves are broken.
    mutating func checkTargetExists(_ name: String, at location: SourceLocation) {
        guard let targetNames, !targetNames.contains(name) else { return }
        report(
            "unknown target '\(name)'", at: location,
            hint: DidYouMean.hint(for: name, among: targetNames)
                ?? "defined targets: " + targetNames.joined(separator: ", "))
    }
}
