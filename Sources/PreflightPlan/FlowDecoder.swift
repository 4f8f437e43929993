import Yams

/// What one step makes available to later steps, and what it reads, for the scope check.
struct StepScope {
    var name: String
    var references: [TemplateReference]
    var captures: [String]
}

/// A flow's steps as the scope check sees them.
struct FlowScope {
    var name: String
    var steps: [StepScope]

    var capturedNames: [String] { steps.flatMap(\.captures) }
}

/// Decodes `flows:`, the named user journeys.
extension PlanDecoder {
    static let flowKeys = ["weight", "steps"]

    /// The flows (nil if any is broken) and the scopes of all of them, broken or not, so that
    /// variable scopes are still checked in a plan with other problems.
    mutating func decodeFlows(_ node: Node, owner: SourceLocation?) -> (flows: [Flow]?, scopes: [FlowScope]) {
        guard let fields = entries(of: node, in: "'flows'", owner: owner) else { return (nil, []) }
        guard !fields.entries.isEmpty else {
            report("'flows' must define at least one flow", at: fields.location)
            return (nil, [])
        }
        var flows: [Flow] = []
        var scopes: [FlowScope] = []
        for entry in fields.entries {
            let (flow, scope) = decodeFlow(entry)
            if let flow { flows.append(flow) }
            scopes.append(scope)
        }
        return (flows.count == fields.entries.count ? flows : nil, scopes)
    }

    private mutating func decodeFlow(_ entry: Fields.Entry) -> (Flow?, FlowScope) {
        let context = "flow '\(entry.key)'"
        var scope = FlowScope(name: entry.key, steps: [])
        guard let fields = fields(of: entry.value, in: context, allowed: Self.flowKeys, owner: entry.keyLocation) else {
            return (nil, scope)
        }
        var weight: Double? = 1
        if let node = fields["weight"] { weight = positiveNumber(node, "'weight'") }
        guard let stepsNode = required(fields, "steps", in: context),
              let items = list(stepsNode, "'steps'")
        else { return (nil, scope) }
        guard !items.isEmpty else {
            report("\(context) has no steps", at: location(of: stepsNode))
            return (nil, scope)
        }
        var steps: [Step] = []
        var firstUse: [String: SourceLocation] = [:]
        for (index, item) in items.enumerated() {
            let (step, stepScope) = decodeStep(item, number: index + 1, flow: entry.key)
            scope.steps.append(stepScope)
            guard let step else { continue }
            if let earlier = firstUse[step.name] {
                let nameLocation = item.mapping?["name"].map { location(of: $0) } ?? step.location
                report(
                    "duplicate step name '\(step.name)' in \(context)", at: nameLocation,
                    hint: "step names must be unique within a flow; the first is on line \(earlier.line)")
            } else {
                firstUse[step.name] = step.location
            }
            steps.append(step)
        }
        guard let weight, steps.count == items.count else { return (nil, scope) }
        return (Flow(name: entry.key, weight: weight, steps: steps, location: entry.keyLocation), scope)
    }
}
