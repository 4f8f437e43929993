import Foundation
import PreflightMetrics
import Yams

/// Decodes one step of a flow: the request, its expectations and its captures.
extension PlanDecoder {
    static let stepKeys = [
        "name", "target", "method", "path", "url", "headers", "query", "json", "form", "multipart", "body", "timeout",
        "think", "expect", "capture",
    ]
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    /// The step (nil if it has errors) and its scope, which is kept even for a broken step so
    /// the scope check still knows what it captures.
    mutating func decodeStep(_ node: Node, number: Int, flow: String) -> (Step?, StepScope) {
        let writtenName = node.mapping?["name"]?.scalar?.string
        let context = writtenName.map { "step '\($0)'" } ?? "step \(number) of flow '\(flow)'"
        var scope = StepScope(name: writtenName ?? "step \(number)", references: [], captures: [])
        let errorsBefore = diagnostics.count
        guard let fields = fields(of: node, in: context, allowed: Self.stepKeys, owner: nil) else { return (nil, scope) }
        let name = required(fields, "name", in: context).flatMap { nonEmptyString($0, "'name'") }

        var step = Step(name: name ?? "", path: Template(literal: ""), location: fields.location)
        if let node = fields["target"], let target = string(node, "'target'") {
            checkTargetExists(target, at: location(of: node))
            step.target = target
        }
        if let node = fields["method"], let method = string(node, "'method'") {
            checkMethod(method, at: location(of: node))
            step.method = method
        }
        if let path = decodePathOrURL(fields, in: context) { step.path = path }
        if let node = fields["headers"] {
            step.headers = decodeHeaders(node, in: "'headers'", owner: fields.keyLocation("headers"))
        }
        if let node = fields["query"] {
            step.query = decodeParameters(node, in: "'query'", owner: fields.keyLocation("query"))
        }
        step.body = decodeBody(fields, in: context)
        if let node = fields["timeout"] { step.timeout = duration(node, "'timeout'") }
        if let node = fields["think"] { step.thinkTime = thinkTime(node) }
        if let node = fields["expect"] {
            step.expectations = decodeExpectations(node, owner: fields.keyLocation("expect"))
        }
        scope.references = takeReferences()
        if let node = fields["capture"] {
            step.captures = decodeCaptures(node, owner: fields.keyLocation("capture"))
            scope.captures = capturedNames(node)
        }
        return (diagnostics.count == errorsBefore ? step : nil, scope)
    }

    /// `think: 1s` or `think: 500ms..2s`.
    private mutating func thinkTime(_ node: Node) -> ThinkTime? {
        guard let text = string(node, "'think'") else { return nil }
        let bounds = text.components(separatedBy: "..")
        let durations = bounds.map { DurationParser.parse($0.trimmingWhitespace()) }
        switch (durations.count, durations.first ?? nil, durations.last ?? nil) {
        case (1, let fixed?, _): return .fixed(fixed)
        case (2, let low?, let high?) where low <= high: return .range(low, high)
        default:
            report("'think' must be a duration or a range such as 500ms..2s, found '\(text)'", at: location(of: node),
                   hint: "a range runs from the shorter pause to the longer")
            return nil
        }
    }

    private mutating func checkMethod(_ method: String, at location: SourceLocation) {
        guard !Self.methods.contains(method) else { return }
        let hint = Self.methods.contains(method.uppercased())
            ? "methods are upper case: '\(method.uppercased())'"
            : "use one of " + Self.methods.joined(separator: ", ")
        report("unknown HTTP method '\(method)'", at: location, hint: hint)
    }

    /// Exactly one of `path` (relative to the target) or `url` (absolute), both stored as the step's path.
    private mutating func decodePathOrURL(_ fields: Fields, in context: String) -> Template? {
        switch (fields["path"], fields["url"]) {
        case (nil, nil):
            report(
                "missing required key 'path' (or 'url') in \(context)", at: fields.location,
                hint: "use 'path' for a path on the target, or 'url' for an absolute URL")
            return nil
        case (.some, .some(let urlNode)):
            report("\(context) has both 'path' and 'url'; give only one", at: location(of: urlNode))
            return nil
        case (.some(let node), nil):
            guard let path = template(node, "'path'") else { return nil }
            checkSingleLine(path, node, "'path'")
            if case .literal(let text) = path.parts.first {
                let lowered = text.lowercased()
                if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
                    report(
                        "'path' must be relative to the target, found an absolute URL", at: location(of: node),
                        hint: "use 'url:' for an absolute URL")
                } else if !text.hasPrefix("/") {
                    report("'path' must start with '/'", at: location(of: node), hint: "write '/\(text)'")
                }
            }
            return path
        case (nil, .some(let node)):
            guard let url = template(node, "'url'") else { return nil }
            checkSingleLine(url, node, "'url'")
            checkAbsoluteURL(url, at: location(of: node))
            if let target = fields.keyLocation("target") {
                report(
                    "\(context) has both 'url' and 'target'; an absolute URL already names its server",
                    at: target, hint: "remove 'target', or use 'path' with the target")
            }
            return url
        }
    }

    /// A fully literal URL is checked completely; one with placeholders only as far as its literal
    /// start. The scheme must be lower case, which is how the engine tells absolute URLs from paths.
    private mutating func checkAbsoluteURL(_ url: Template, at location: SourceLocation) {
        guard case .literal(let start) = url.parts.first else { return }
        guard start.hasPrefix("http://") || start.hasPrefix("https://") else {
            report(
                "invalid URL '\(url)' for 'url': it must start with http:// or https://", at: location,
                hint: "write an absolute URL such as https://api.example.com/health, or use 'path' with a target")
            return
        }
        if url.parts.count == 1, let problem = URLValidation.problem(with: start) {
            report("invalid URL '\(url)' for 'url': \(problem.reason)", at: location, hint: problem.hint)
        }
    }

    /// Query or form parameters: `name: value`, or `name: [a, b]` to repeat a name.
    mutating func decodeParameters(_ node: Node, in context: String, owner: SourceLocation?) -> [QueryItem] {
        guard let fields = entries(of: node, in: context, owner: owner) else { return [] }
        var items: [QueryItem] = []
        for entry in fields.entries {
            let values = entry.value.sequence.map(Array.init) ?? [entry.value]
            for value in values {
                if let template = template(value, "parameter '\(entry.key)'") {
                    items.append(QueryItem(name: entry.key, value: template))
                }
            }
        }
        return items
    }
}
