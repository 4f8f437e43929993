import Foundation
import PreflightMetrics
import PreflightPlan

/// Checks a response against a step's expectations; pure, so every rule is unit-testable.
enum ExpectationEvaluator {
    /// Every expectation that does not hold, in plan order.
    /// Expected values may use placeholders (a captured id, a variable): `renderer` renders them.
    /// `url` is the request's, whose host a certificate must name.
    static func failures(of expectations: [Expectation], in response: ResponseDocument, renderer: TemplateRenderer, url: String? = nil) -> [ExpectationFailure] {
        expectations.compactMap { expectation in
            if case .tls(let check) = expectation.kind {
                return TLSCheckEvaluation.failure(of: check, observed: response.result.tls, host: url.flatMap { URLComponents(string: $0)?.host })
            }
            return failure(of: expectation.kind, in: response, renderer: renderer)
        }
    }

    /// A failure when the status disagrees and the step states no status expectation of its own:
    /// an unexpected 4xx or 5xx must never pass silently.
    static func implicitStatusFailure(_ expectations: [Expectation], in response: ResponseDocument) -> ExpectationFailure? {
        let statesStatus = expectations.contains { if case .status = $0.kind { true } else { false } }
        guard !statesStatus, let status = response.result.status, status >= 400 else { return nil }
        return ExpectationFailure(subject: "status", expected: "< 400 (no status expectation given)", actual: String(status))
    }

    private static func failure(of kind: Expectation.Kind, in response: ResponseDocument, renderer: TemplateRenderer) -> ExpectationFailure? {
        let result = response.result
        switch kind {
        case .status(let matcher):
            let status = result.status ?? 0
            return matches(status, matcher) ? nil
                : ExpectationFailure(subject: "status", expected: describe(matcher), actual: String(status))

        case .header(let name, let check):
            let value = result.header(name)
            let subject = "header \(name)"
            switch check {
            case .exists:
                return value != nil ? nil : ExpectationFailure(subject: subject, expected: "present", actual: "absent")
            case .absent:
                return value.map { ExpectationFailure(subject: subject, expected: "absent", actual: $0) }
            case .equals(let template):
                let expected = renderer.render(template)
                return value == expected ? nil : ExpectationFailure(subject: subject, expected: expected, actual: value ?? "absent")
            case .matches(let pattern):
                guard let value else { return ExpectationFailure(subject: subject, expected: "matches /\(pattern)/", actual: "absent") }
                return pattern.firstMatch(in: value) != nil ? nil
                    : ExpectationFailure(subject: subject, expected: "matches /\(pattern)/", actual: value)
            }

        case .json(let path, let check):
            let subject = "json \(path)"
            guard let document = response.json else {
                return ExpectationFailure(subject: subject, expected: describe(check, renderer), actual: response.notJSONReason)
            }
            guard let value = path.value(in: document) else {
                return ExpectationFailure(subject: subject, expected: describe(check, renderer), actual: "missing")
            }
            switch check {
            case .exists:
                return nil
            case .equals(let scalar):
                return JSONValueText.value(value, equals: scalar, renderer: renderer) ? nil
                    : ExpectationFailure(subject: subject, expected: describe(check, renderer), actual: JSONValueText.text(of: value))
            case .matches(let pattern):
                return pattern.firstMatch(in: JSONValueText.text(of: value)) != nil ? nil
                    : ExpectationFailure(subject: subject, expected: describe(check, renderer), actual: JSONValueText.text(of: value))
            case .type(let type):
                let actual = JSONValueText.type(of: value)
                return actual == type ? nil
                    : ExpectationFailure(subject: subject, expected: describe(check, renderer), actual: "type \(actual.rawValue)")
            }

        case .bodyContains(let template):
            let text = renderer.render(template)
            return response.bodyText.contains(text) ? nil
                : ExpectationFailure(subject: "body", expected: "contains \"\(text)\"", actual: "not found")

        case .bodyMatches(let pattern):
            return pattern.firstMatch(in: response.bodyText) != nil ? nil
                : ExpectationFailure(subject: "body", expected: "matches /\(pattern)/", actual: "no match")

        case .tls:
            return nil  // judged with the host, in `failures`

        case .maxDuration(let limit):
            let micros = result.timings.totalMicros
            return micros <= limit.microseconds ? nil
                : ExpectationFailure(subject: "duration", expected: "<= \(NumberText.milliseconds(micros: limit.microseconds))", actual: NumberText.milliseconds(micros: micros))
        }
    }

    static func matches(_ status: Int, _ matcher: StatusMatcher) -> Bool {
        switch matcher {
        case .exact(let expected): status == expected
        case .oneOf(let expected): expected.contains(status)
        case .statusClass(let hundreds): status / 100 == hundreds
        }
    }

    private static func describe(_ matcher: StatusMatcher) -> String {
        switch matcher {
        case .exact(let status): String(status)
        case .oneOf(let statuses): "one of " + statuses.map(String.init).joined(separator: ", ")
        case .statusClass(let hundreds): "\(hundreds)xx"
        }
    }

    private static func describe(_ check: JSONCheck, _ renderer: TemplateRenderer) -> String {
        switch check {
        case .exists: "present"
        case .equals(let scalar): if case .string(let text) = scalar { "\"\(renderer.render(text))\"" } else { scalar.description }
        case .matches(let pattern): "matches /\(pattern)/"
        case .type(let type): "type \(type.rawValue)"
        }
    }
}

/// Why a step failed, in terms an on-call engineer can act on: what was checked, expected and seen.
public struct ExpectationFailure: Sendable, Equatable, Codable, Error {
    /// What was checked: `status`, `header Location`, `json $.id`, `body`, `duration`.
    public var subject: String
    public var expected: String
    public var actual: String
    public init(subject: String, expected: String, actual: String) {
        self.subject = subject
        self.expected = expected
        self.actual = actual
    }
}
