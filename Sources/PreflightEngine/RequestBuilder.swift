import Foundation
import PreflightMetrics
import PreflightPlan

/// Renders a plan step into a concrete request for the current variables of its flow.
public struct RequestBuilder: Sendable {
    public let plan: Plan
    /// The plan's default headers, led by `User-Agent: preflight/<version>`: servers and their logs
    /// see who is calling unless a default or step header names another. Built once, not per request.
    private let defaultHeaders: [Header]
    /// Each target's connection settings: its own, or the defaults'.
    private let connections: [String: ConnectionSettings]
    /// The target of a step that names none.
    private let defaultTarget: String
    /// The URL of every step whose path and query hold no placeholder, by target and path: built
    /// and checked once, not for every request.
    private var fixedURLs: [FixedURL: String] = [:]

    private struct FixedURL: Hashable {
        var target: String
        var path: String
    }

    public init(plan: Plan) {
        self.plan = plan
        defaultHeaders = [Header(name: "User-Agent", value: Template(literal: Self.userAgent))] + plan.defaults.headers
        connections = plan.targets.mapValues { $0.connection ?? plan.defaults.connection }
        defaultTarget = plan.defaults.target ?? plan.targets.keys.min() ?? ""
        for step in plan.flows.flatMap(\.steps) {
            guard let path = Self.fixedPath(of: step),
                  let url = try? renderedURL(for: step, renderer: TemplateRenderer(variables: [:], iteration: 0))
            else { continue }
            fixedURLs[FixedURL(target: targetName(of: step), path: path)] = url
        }
    }

    /// The step's path when the URL cannot change from one request to the next.
    private static func fixedPath(of step: Step) -> String? {
        guard step.query.isEmpty else { return nil }
        if step.path.parts.isEmpty { return "" }
        guard step.path.parts.count == 1, case .literal(let text) = step.path.parts[0] else { return nil }
        return text
    }

    private func targetName(of step: Step) -> String {
        step.target ?? defaultTarget
    }

    /// The request to send, or why it must not be sent: a rendered value that would break the
    /// request's framing (a line break in a header smuggles in extra headers) or a URL that is
    /// not http(s). Checked after rendering, because captures and variables come from outside.
    public func request(for step: Step, renderer: TemplateRenderer) throws(RequestRenderingError) -> HTTPRequest {
        var headers: [(name: String, value: String)] = []
        func setHeader(_ name: String, _ value: String) {
            headers.removeAll { $0.name.isSameHeaderName(name) }
            headers.append((name, value))
        }
        for header in defaultHeaders { setHeader(header.name, renderer.render(header.value)) }
        for header in step.headers { setHeader(header.name, renderer.render(header.value)) }
        let (body, contentType) = renderBody(step.body, renderer: renderer)
        if let contentType, !headers.contains(where: { $0.name.isSameHeaderName("Content-Type") }) {
            headers.append(("Content-Type", contentType))
        }

        for header in headers {
            try RequestRenderingError.checkHeader(name: header.name, value: header.value)
        }
        let url = try url(for: step, renderer: renderer)
        var request = HTTPRequest(
            method: step.method,
            url: url,
            headers: headers,
            body: body,
            connectTimeout: plan.defaults.connectTimeout,
            totalTimeout: step.timeout ?? plan.defaults.totalTimeout,
            followRedirects: plan.defaults.followRedirects,
            maxRedirects: plan.defaults.maxRedirects,
            verifyTLS: plan.defaults.verifyTLS,
            connection: connections[targetName(of: step)] ?? plan.defaults.connection
        )
        request.inspectTLS = step.expectations.contains { if case .tls = $0.kind { true } else { false } }
        return request
    }

    /// The step's URL: an absolute `url`, or the target's base URL joined with the path, plus the query.
    public func url(for step: Step, renderer: TemplateRenderer) throws(RequestRenderingError) -> String {
        if let path = Self.fixedPath(of: step), let url = fixedURLs[FixedURL(target: targetName(of: step), path: path)] {
            return url
        }
        return try renderedURL(for: step, renderer: renderer)
    }

    private func renderedURL(for step: Step, renderer: TemplateRenderer) throws(RequestRenderingError) -> String {
        let path = renderer.render(step.path)
        try RequestRenderingError.checkURLText(path, what: "the path")
        var url: String
        if path.hasPrefix("http://") || path.hasPrefix("https://") {
            url = path
        } else if let scheme = RequestRenderingError.scheme(of: path) {
            throw RequestRenderingError(message: "the path renders to a '\(scheme):' URL; only http and https are sent")
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
        plan.targets[targetName(of: step)]?.baseURL ?? ""
    }

    private func renderBody(_ body: Body?, renderer: TemplateRenderer) -> ([UInt8]?, String?) {
        switch body {
        case nil:
            return (nil, nil)
        case .json(let template):
            var writer = JSONBodyWriter()
            writer.write(template, renderer: renderer)
            return (writer.bytes, "application/json")
        case .form(let items):
            let text = items.map { Self.formEncode($0.name) + "=" + Self.formEncode(renderer.render($0.value)) }.joined(separator: "&")
            return (Array(text.utf8), "application/x-www-form-urlencoded")
        case .raw(let template):
            return (Array(renderer.render(template).utf8), nil)
        case .multipart(let parts):
            return Self.multipart(parts, renderer: renderer)
        }
    }

    /// A `multipart/form-data` body (RFC 7578) with a fresh boundary that no part contains.
    static func multipart(_ parts: [MultipartPart], renderer: TemplateRenderer) -> ([UInt8], String) {
        let rendered: [(headers: String, bytes: [UInt8])] = parts.map { part in
            let name = part.name.replacingOccurrences(of: "\"", with: "%22")
            switch part.content {
            case .text(let template):
                return ("Content-Disposition: form-data; name=\"\(name)\"\r\n", Array(renderer.render(template).utf8))
            case .file(let bytes, let filename, let contentType):
                let file = filename.replacingOccurrences(of: "\"", with: "%22")
                return ("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(file)\"\r\nContent-Type: \(contentType)\r\n", bytes)
            }
        }
        var boundary = "preflight-" + UUID().uuidString
        while rendered.contains(where: { $0.bytes.contains(subsequence: Array(boundary.utf8)) }) {
            boundary = "preflight-" + UUID().uuidString
        }
        var body: [UInt8] = []
        for part in rendered {
            body += Array("--\(boundary)\r\n\(part.headers)\r\n".utf8)
            body += part.bytes
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    /// The `User-Agent` every request carries unless the plan sets its own.
    public static let userAgent = "preflight/\(PreflightVersion.current)"

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encoding for query strings and form bodies: everything but unreserved characters.
    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

private extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard !subsequence.isEmpty, subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { self[$0..<($0 + subsequence.count)].elementsEqual(subsequence) }
    }
}
