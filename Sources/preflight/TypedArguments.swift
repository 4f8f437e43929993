import ArgumentParser
import PreflightMetrics
import PreflightPlan

/// Command-line values parsed once, by the same grammars as the plan, into the types the run
/// uses: `--rate 200/s` reads exactly as `rate: 200/s` does in a profile.
enum TypedArguments {
    static func rate(_ text: String) throws -> Double {
        guard let rate = RateParser.parse(text), rate > 0 else {
            throw ValidationError("--rate expects a rate above zero with its unit, such as 200/s or 12000/m, got '\(text)'")
        }
        return rate
    }

    static func duration(_ text: String) throws -> Duration {
        guard let duration = DurationParser.parse(text), duration > .zero else {
            throw ValidationError("--duration expects a duration above zero such as 30s or 5m, got '\(text)'")
        }
        return duration
    }

    /// A duration that may be zero, for `--noise-floor 0ms` (judge every change).
    static func noiseFloor(_ text: String) throws -> Duration {
        guard let duration = DurationParser.parse(text) else {
            throw ValidationError("--noise-floor expects a duration such as 1ms or 500us, got '\(text)'")
        }
        return duration
    }

    static func regressionRule(_ text: String) throws -> RegressionRule {
        switch RegressionRule.parse(text) {
        case .success(let rule): return rule
        case .failure(let error): throw ValidationError("invalid --rule '\(text)': \(error)")
        }
    }
}
