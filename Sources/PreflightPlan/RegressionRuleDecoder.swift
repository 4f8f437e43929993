import PreflightMetrics
import Yams

/// Decodes `regressionRules:`, the gate `preflight compare --plan` applies between two runs.
extension PlanDecoder {
    mutating func decodeRegressionRules(_ node: Node) -> [RegressionRule]? {
        guard let items = list(node, "'regressionRules'") else { return nil }
        var rules: [RegressionRule] = []
        for item in items {
            guard let text = nonEmptyString(item, "a regression rule") else { continue }
            switch RegressionRule.parse(text) {
            case .success(let rule): rules.append(rule)
            case .failure(let error):
                report(error.description, at: location(of: item), hint: "for example \"p95 +10%\", \"p99 +50ms\", \"errors +0.5pp\" or \"rate -10%\"")
            }
        }
        return rules
    }
}
