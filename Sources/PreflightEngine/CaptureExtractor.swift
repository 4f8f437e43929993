import Foundation
import PreflightPlan

/// Pulls the values a step captures out of its response.
enum CaptureExtractor {
    /// Captured values by variable name, or the first capture that found nothing.
    static func extract(_ captures: [Capture], from response: ResponseDocument) -> Result<[String: String], ExpectationFailure> {
        var values: [String: String] = [:]
        for capture in captures {
            guard let value = value(of: capture.source, in: response) else {
                let isJSON = if case .json = capture.source { true } else { false }
                let actual = isJSON && response.json == nil ? response.notJSONReason : "nothing found"
                return .failure(ExpectationFailure(subject: "capture \(capture.variable)", expected: "a value from \(describe(capture.source))", actual: actual))
            }
            values[capture.variable] = value
        }
        return .success(values)
    }

    private static func value(of source: Capture.Source, in response: ResponseDocument) -> String? {
        switch source {
        case .json(let path):
            guard let document = response.json, let value = path.value(in: document), !(value is NSNull) else { return nil }
            return JSONValueText.text(of: value)
        case .header(let name):
            return response.result.header(name)
        case .regex(let pattern, let group):
            return pattern.firstMatch(in: response.bodyText, group: group)
        case .cookie(let name):
            return response.cookie(named: name)
        }
    }

    private static func describe(_ source: Capture.Source) -> String {
        switch source {
        case .json(let path): "json \(path)"
        case .header(let name): "header \(name)"
        case .regex(let pattern, let group): "regex /\(pattern)/ group \(group)"
        case .cookie(let name): "cookie \(name)"
        }
    }
}
