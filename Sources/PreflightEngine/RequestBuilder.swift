import Foundation
import PreflightPlan

/// Renders a plan step into a concrete request for the current variables of its flow.
public struct RequestBuilder: Sendable {
    public let plan: Plan

    public init(plan: Plan) {
        self.plan = plan
    }

    public func request(for step: Step, renderer: TemplateRenderer) -> HTTPRequest {
        var headers: [(name: String, value: String)] = []
        func setHeader(_ name: String, _ value: String) {
            headers.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
            headers.append((name, value))
        }
        for header in plan.defaults.headers { setHeader(header.name, renderer.render(header.value)) }
        for header in step.headers { setHeader(header.name, renderer.render(header.value)) }

        let (body, contentType) = renderBody(step.body, renderer: renderer)
        if let contentType, !headers.contains(where: { $0.name.caseInsensitiveCompare("Content-Type") == .orderedSame }) {
            headers.append(("Content-Type", contentType))
        }

        return HTTPRequest(
            method: step.method,
            url: url(for: step, renderer: renderer),
            headers: headers,
            body: body,
            connectTimeout: plan.defaults.connectTimeout,
            totalTimeout: step.timeout ?? plan.defaults.totalTimeout,
            followRedirects: plan.defaults.followRedirects,
            maxRedirects: plan.defaults.maxRedirects,
            verifyTLS: plan.defaults.verifyTLS
        )
    }

    /// The step's URL: an absolute `url`, or the target's base URL joined with the path, plus the query.
    public func url(for step: Step, renderer: TemplateRenderer) -> String {
        let path = renderer.render(step.path)
        var url: String
        if path.hasPrefix("http://") || path.hasPrefix("https://") {
            url = path
        } else {
            var base = baseURL(for: step)
            while base.hasSuffix("/") { base.removeLast() }
            url = path.isEmpty ? base : base + (path.hasPrefix("/") ? path : "/" + path)
        }
        guard !step.query.isEmpty else { return url }
        let query = step.query
            .map { Self.formEncode($0.name) + "=" + Self.formEncode(renderer.render($0.value)) }
            .joined(separator: "&")
        return url + (url.contains("?") ? "&" : "?") + query
    }

    private func baseURL(for step: Step) -> String {
        let name = step.target ?? plan.defaults.target ?? plan.targets.keys.sorted().first ?? ""
        return plan.targets[name]?.baseURL ?? ""
    }

    private func renderBody(_ body: Body?, renderer: TemplateRenderer) -> ([UInt8]?, String?) {
        switch body {
        case nil:
            return (nil, nil)
        case .json(let template):
            let document = Self.jsonObject(template, renderer: renderer)
            let data = (try? JSONSerialization.data(withJSONObject: document, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
            return (Array(data), "application/json")
        case .form(let items):
            let text = items.map { Self.formEncode($0.name) + "=" + Self.formEncode(renderer.render($0.value)) }.joined(separator: "&")
            return (Array(text.utf8), "application/x-www-form-urlencoded")
        case .raw(let template):
            return (Array(renderer.render(template).utf8), nil)
        }
    }

    private static func jsonObject(_ template: JSONTemplate, renderer: TemplateRenderer) -> Any {
        switch template {
        case .null: NSNull()
        case .bool(let value): value
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? Int64(value) as Any : value as Any
        case .string(let text): renderer.render(text)
        case .array(let items): items.map { jsonObject($0, renderer: renderer) }
        case .object(let members):
            Dictionary(members.map { ($0.key, jsonObject($0.value, renderer: renderer)) }, uniquingKeysWith: { _, last in last })
        }
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encoding for query strings and form bodies: everything but unreserved characters.
    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
