import Synchronization

/// A rule for `preflight compare`: how much worse a candidate may get before it counts as a regression.
///
/// Grammar (one rule per string):
/// ```
/// rule   = figure change
/// figure = "p50" | "p90" | "p95" | "p99" | "max" | "mean" | "errors" | "rate"
/// change = ("+" | "-") number ("%" | "pp" | "ms")
/// ```
/// Latency figures compare the latency users saw (corrected for coordinated omission when the
/// report has it); `errors` is the failed share of requests, compared in percentage points (`pp`);
/// `rate` is requests per second, where a drop is the regression (`rate -10%`).
/// Examples: `p95 +10%` (p95 may grow by at most 10%), `p99 +50ms`, `errors +0.5pp`, `rate -10%`.
public struct RegressionRule: Sendable, Equatable, CustomStringConvertible {
    public enum Figure: String, Sendable, CaseIterable {
        case p50, p90, p95, p99, max, mean, errors, rate
    }

    public enum Allowance: Sendable, Equatable {
        /// Relative change, as a fraction (0.1 for 10%).
        case relative(Double)
        /// Absolute change in percentage points (errors only).
        case points(Double)
        /// Absolute change in milliseconds (latency only).
        case milliseconds(Double)
    }

    public var figure: Figure
    /// Positive: the figure may grow by this much. Negative: it may shrink by this much (rate).
    public var allowance: Allowance
    public var text: String

    public var description: String { text }

    /// Rules parsed by this process so far: a test shows each is parsed once.
    public static var parses: Int { parseCount.load(ordering: .relaxed) }
    private static let parseCount = Atomic<Int>(0)

    /// The default gate when no rule is given: the checklist's latency and error figures.
    public static let defaults: [RegressionRule] = ["p95 +10%", "p99 +20%", "errors +0.5pp"].compactMap { try? parse($0).get() }

    public static func parse(_ text: String) -> Result<RegressionRule, RegressionRuleError> {
        parseCount.add(1, ordering: .relaxed)
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 2 else {
            return .failure(RegressionRuleError("expected a figure and a change, as in 'p95 +10%', got '\(text)'"))
        }
        guard let figure = Figure(rawValue: parts[0]) else {
            return .failure(RegressionRuleError("unknown figure '\(parts[0])' in '\(text)'; use one of " + Figure.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        var change = Substring(parts[1])
        guard let sign = change.first, sign == "+" || sign == "-" else {
            return .failure(RegressionRuleError("the change in '\(text)' must start with + (may grow) or - (may shrink)"))
        }
        change = change.dropFirst()
        let unit: String
        if change.hasSuffix("pp") { unit = "pp" } else if change.hasSuffix("ms") { unit = "ms" } else if change.hasSuffix("%") { unit = "%" } else {
            return .failure(RegressionRuleError("the change in '\(text)' needs a unit: %, pp or ms"))
        }
        guard let number = Double(change.dropLast(unit.count)), number >= 0 else {
            return .failure(RegressionRuleError("'\(parts[1])' in '\(text)' is not a number with a unit"))
        }
        let signed = sign == "-" ? -number : number
        let isLatency = ![.errors, .rate].contains(figure)
        switch unit {
        case "%":
            return .success(RegressionRule(figure: figure, allowance: .relative(signed / 100), text: text))
        case "pp" where figure == .errors:
            return .success(RegressionRule(figure: figure, allowance: .points(signed), text: text))
        case "ms" where isLatency:
            return .success(RegressionRule(figure: figure, allowance: .milliseconds(signed), text: text))
        default:
            return .failure(RegressionRuleError("'\(unit)' does not apply to \(figure.rawValue) in '\(text)'; use % or " + (isLatency ? "ms" : "pp for errors")))
        }
    }
}

/// Why a regression rule did not parse, in a sentence the command line prints as is.
public struct RegressionRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
