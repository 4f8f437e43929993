import Foundation

/// Turns a parsed template into text for one request.
///
/// Validation has already proved every variable is defined before use, so a missing value here
/// can only come from a capture that failed; the flow stops at that step, and an empty string
/// keeps rendering total rather than trapping.
public struct TemplateRenderer: Sendable {
    public var variables: [String: String]
    public var iteration: Int

    public init(variables: [String: String], iteration: Int) {
        self.variables = variables
        self.iteration = iteration
    }

    public func render(_ template: Template) -> String {
        var output = ""
        for part in template.parts {
            switch part {
            case .literal(let text): output += text
            case .variable(let name): output += variables[name] ?? ""
            case .generator(let generator): output += value(of: generator)
            }
        }
        return output
    }

    private func value(of generator: Generator) -> String {
        switch generator {
        case .uuid: UUID().uuidString.lowercased()
        case .randomInt(let range): String(Int.random(in: range))
        case .timestamp: String(Int(Date().timeIntervalSince1970))
        case .timestampMillis: String(Int(Date().timeIntervalSince1970 * 1000))
        case .iteration: String(iteration)
        }
    }
}
