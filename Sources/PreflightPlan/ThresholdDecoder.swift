import Yams

/// Decodes `thresholds:`. Only their shape is checked here; the expression grammar belongs to
/// the metrics layer, which reports its own errors at the locations kept here.
extension PlanDecoder {
    mutating func decodeThresholds(_ node: Node) -> [ThresholdSpec]? {
        guard let items = list(node, "'thresholds'") else { return nil }
        let usage = "write a string such as \"http_req_duration p95 < 500ms\", "
            + "or { expression: \"errors rate < 1%\", abortOnFail: true }"
        var thresholds: [ThresholdSpec] = []
        for item in items {
            switch item {
            case .scalar:
                if let expression = nonEmptyString(item, "a threshold") {
                    thresholds.append(ThresholdSpec(expression: expression, location: location(of: item)))
                }
            case .mapping:
                guard let fields = fields(
                    of: item, in: "a threshold", allowed: ["expression", "abortOnFail"], owner: nil)
                else { continue }
                let expression = required(fields, "expression", in: "a threshold").flatMap {
                    nonEmptyString($0, "'expression'")
                }
                let abortOnFail = fields["abortOnFail"].flatMap { boolean($0, "'abortOnFail'") } ?? false
                if let expression {
                    thresholds.append(ThresholdSpec(
                        expression: expression, abortOnFail: abortOnFail, location: location(of: item)))
                }
            default:
                report("a threshold must be a string or a mapping, found \(describe(item))",
                       at: location(of: item), hint: usage)
            }
        }
        return thresholds
    }
}
