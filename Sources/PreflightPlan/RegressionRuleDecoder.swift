import PreflightMetrics
import Yams

/// What `regressionRules:` holds: the rules, and the floors below which `compare` does not judge.
struct RegressionSection {
    var rules: [RegressionRule] = []
    var minSamples: Int?
    var noiseFloor: Duration?
}

/// Decodes `regressionRules:`, the gate `preflight compare --plan` applies between two runs: a list
/// of rules, or a mapping with `rules`, `minSamples` and `noiseFloor`.
extension PlanDecoder {
    static let regressionKeys = ["rules", "minSamples", "noiseFloor"]

    mutating func decodeRegressionRules(_ node: Node) -> RegressionSection {
        guard case .mapping = node else { return RegressionSection(rules: decodeRuleList(node, "'regressionRules'") ?? []) }
        guard let fields = fields(of: node, in: "'regressionRules'", allowed: Self.regressionKeys, owner: nil) else {
            return RegressionSection()
        }
        return RegressionSection(
            rules: fields["rules"].flatMap { decodeRuleList($0, "'rules'") } ?? [],
            minSamples: fields["minSamples"].flatMap { integer($0, "'minSamples'", in: 1...Int.max) },
            noiseFloor: fields["noiseFloor"].flatMap { duration($0, "'noiseFloor'", allowZero: true) }
        )
    }

    private mutating func decodeRuleList(_ node: Node, _ what: String) -> [RegressionRule]? {
        guard let items = list(node, what) else { return nil }
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
