/// One `key:value` of a threshold selector, such as `flow:checkout` or `status:5xx`.
///
/// A selector narrows a threshold to the part of the traffic a go/no-go question is about: the
/// payment step may be slow in a way the overall p95 hides. All filters of a selector must hold.
public enum ThresholdFilter: Sendable, Hashable, CustomStringConvertible {
    case flow(String)
    /// `name` matches the step of that name in every flow that has one; `flow/name` matches one
    /// step of one flow (step names are unique only within a flow).
    case step(String)
    /// The target the request was sent to: the step's own, or the plan's default.
    case target(String)
    case status(ThresholdStatus)
    case category(ResultCategory)

    /// The selector keys a plan may write.
    public enum Key: String, Sendable, Hashable, CaseIterable {
        case flow, step, target, status, category
    }

    public var key: Key {
        switch self {
        case .flow: .flow
        case .step: .step
        case .target: .target
        case .status: .status
        case .category: .category
        }
    }

    /// Whether an observation carrying these labels is selected. A label the observation does
    /// not have (nil: a transport failure has no status) never matches a filter on it.
    public func matches(
        flow: String, step: String?, target: String?, status: Int?, category: ResultCategory?
    ) -> Bool {
        switch self {
        case .flow(let name): name == flow
        case .step(let name): step.map { name == $0 || name == "\(flow)/\($0)" } ?? false
        case .target(let name): name == target
        case .status(let wanted): status.map(wanted.contains) ?? false
        case .category(let wanted): wanted == category
        }
    }

    /// The filter as a plan would write it, quoting a value that holds separators.
    public var description: String {
        let value: String
        switch self {
        case .flow(let name), .step(let name), .target(let name): value = Self.quotedIfNeeded(name)
        case .status(let status): value = status.description
        case .category(let category): value = category.rawValue
        }
        return "\(key.rawValue):\(value)"
    }

    private static func quotedIfNeeded(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.contains { ",{}\"\\".contains($0) }
            || text.first?.isWhitespace == true || text.last?.isWhitespace == true
        guard needsQuotes else { return text }
        let escaped = text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}

/// The HTTP status a `status:` filter selects: a class such as `5xx` or one code such as `404`.
public enum ThresholdStatus: Sendable, Hashable, CustomStringConvertible {
    /// Every status from `digit`00 to `digit`99.
    case statusClass(Int)
    case code(Int)

    /// Reads `1xx`...`5xx` (either case of x) or a code from 100 to 599.
    init?(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 3, let first = scalars.first, ("1"..."5").contains(first) else { return nil }
        let digit = Int(first.value - ("0" as Unicode.Scalar).value)
        if scalars.dropFirst().allSatisfy({ $0 == "x" || $0 == "X" }) {
            self = .statusClass(digit)
        } else if let code = Int(text), scalars.allSatisfy(ThresholdScanner.isDigit) {
            self = .code(code)
        } else {
            return nil
        }
    }

    public func contains(_ status: Int) -> Bool {
        switch self {
        case .statusClass(let digit): status / 100 == digit
        case .code(let code): status == code
        }
    }

    public var description: String {
        switch self {
        case .statusClass(let digit): "\(digit)xx"
        case .code(let code): "\(code)"
        }
    }
}
