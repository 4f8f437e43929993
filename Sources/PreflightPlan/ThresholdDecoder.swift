import PreflightMetrics
import Yams

/// Decodes `thresholds:`: their shape here, their expressions with the metrics layer's grammar,
/// and the flows, steps and targets they name against the plan, so that `preflight validate`
/// reports a broken threshold at its line and column together with every other problem.
extension PlanDecoder {
    mutating func decodeThresholds(_ node: Node, flows: [Flow]?) -> [ThresholdSpec]? {
        guard let items = list(node, "'thresholds'") else { return nil }
        let usage = "write a string such as \"http_req_duration p95 < 500ms\", "
            + "or { expression: \"errors rate < 1%\", abortOnFail: true }"
        var thresholds: [ThresholdSpec] = []
        for item in items {
            switch item {
            case .scalar:
                if let expression = nonEmptyString(item, "a threshold"), let threshold = check(expression, at: item, flows: flows) {
                    thresholds.append(ThresholdSpec(threshold: threshold, location: location(of: item)))
                }
            case .mapping:
                guard let fields = fields(
                    of: item, in: "a threshold", allowed: ["expression", "abortOnFail", "abortGrace"], owner: nil)
                else { continue }
                let expressionNode = required(fields, "expression", in: "a threshold")
                let expression = expressionNode.flatMap { nonEmptyString($0, "'expression'") }
                let abortOnFail = fields["abortOnFail"].flatMap { boolean($0, "'abortOnFail'") } ?? false
                let abortGrace = fields["abortGrace"].flatMap { duration($0, "'abortGrace'") } ?? .zero
                if let expression, let expressionNode, let threshold = check(expression, at: expressionNode, flows: flows) {
                    thresholds.append(ThresholdSpec(
                        threshold: threshold, abortOnFail: abortOnFail, abortGrace: abortGrace, location: location(of: item)))
                }
            default:
                report("a threshold must be a string or a mapping, found \(describe(item))",
                       at: location(of: item), hint: usage)
            }
        }
        return thresholds
    }

    /// Parses an expression and checks the names in its selector; reports every problem at its
    /// column and returns the threshold when there is none.
    private mutating func check(_ expression: String, at node: Node, flows: [Flow]?) -> Threshold? {
        var errors: [ThresholdError]
        var parsed: Threshold?
        switch ThresholdParser.parse(expression) {
        case .failure(let parseErrors):
            errors = parseErrors.errors
        case .success(let threshold):
            parsed = threshold
            guard let flows else { return threshold }
            errors = threshold.validate(
                knownFlows: Set(flows.map(\.name)),
                knownSteps: Set(flows.flatMap { flow in flow.steps.map { "\(flow.name)/\($0.name)" } }),
                knownTargets: Set(targetNames ?? [])
            )
        }
        for error in errors {
            let at = node.scalar.map { source.location(ofOffset: error.offset, in: expression, of: $0) } ?? location(of: node)
            report(error.message, at: at, hint: error.hint)
        }
        return errors.isEmpty ? parsed : nil
    }
}
