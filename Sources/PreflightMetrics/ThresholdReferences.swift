extension Threshold {
    /// Problems with the flows, steps and targets the selector names, checked against a plan.
    ///
    /// A selector naming a step that does not exist matches nothing, and a threshold on nothing
    /// fails every run for a reason that has nothing to do with the system under test; catching
    /// it before sending any traffic saves a wasted load test.
    ///
    /// `knownSteps` holds qualified names, `flow/step`, because step names are unique only within
    /// a flow. A `step:` filter may name a step either way: `step:pay` is valid when some flow has
    /// a step `pay`, `step:checkout/pay` when that exact step exists. With a `flow:` filter as
    /// well, the step must belong to that flow.
    public func validate(
        knownFlows: Set<String>, knownSteps: Set<String>, knownTargets: Set<String>
    ) -> [ThresholdError] {
        // The selector's flow when the plan has it; an unknown one is reported by itself.
        let flow = selector.lazy.compactMap { filter -> String? in
            if case .flow(let name) = filter, knownFlows.contains(name) { name } else { nil }
        }.first
        var errors: [ThresholdError] = []
        for (filter, offset) in zip(selector, filterValueOffsets) {
            let problem: (message: String, hint: String)?
            switch filter {
            case .flow(let name): problem = Self.unknown("flow", name, among: knownFlows)
            case .target(let name): problem = Self.unknown("target", name, among: knownTargets)
            case .step(let name):
                problem = Self.stepProblem(name, flow: flow, knownFlows: knownFlows, knownSteps: knownSteps)
            case .status, .category: problem = nil
            }
            guard let problem else { continue }
            errors.append(ThresholdError(message: problem.message, hint: problem.hint, offset: offset))
        }
        return errors
    }

    private static func unknown(
        _ kind: String, _ name: String, among known: Set<String>
    ) -> (message: String, hint: String)? {
        guard !known.contains(name) else { return nil }
        return ("unknown \(kind) '\(name)'", didYouMean(name, among: known, listing: "the plan's \(kind)s"))
    }

    /// What is wrong with `step:name`, given the plan's (known) flow the selector also names.
    private static func stepProblem(
        _ name: String, flow: String?, knownFlows: Set<String>, knownSteps: Set<String>
    ) -> (message: String, hint: String)? {
        let owners = knownFlows.filter { knownSteps.contains("\($0)/\(name)") }.sorted()
        if let flow {
            if owners.contains(flow) || (knownSteps.contains(name) && name.hasPrefix(flow + "/")) { return nil }
            if knownSteps.contains(name) {
                return ("step '\(name)' is not in flow '\(flow)'", "the two filters can never both hold")
            }
            if !owners.isEmpty {
                let flows = owners.map { "'\($0)'" }.joined(separator: ", ")
                return ("flow '\(flow)' has no step '\(name)'", "'\(name)' is a step of \(flows)")
            }
            let steps = knownSteps.filter { $0.hasPrefix(flow + "/") }.map { String($0.dropFirst(flow.count + 1)) }
            return ("unknown step '\(name)'", didYouMean(name, among: Set(steps), listing: "the steps of '\(flow)'"))
        }
        guard owners.isEmpty, !knownSteps.contains(name) else { return nil }
        let bareNames = knownSteps.compactMap { qualified in
            knownFlows.first { qualified.hasPrefix($0 + "/") }.map { String(qualified.dropFirst($0.count + 1)) }
        }
        let hint = didYouMean(name, among: knownSteps.union(bareNames), listing: "the plan's steps")
        return ("unknown step '\(name)'", hint)
    }

    private static func didYouMean(_ name: String, among known: Set<String>, listing what: String) -> String {
        if let near = ThresholdSpelling.suggestion(for: name, among: known) { return "did you mean '\(near)'?" }
        guard !known.isEmpty else { return "\(what): none" }
        return "\(what) are " + known.sorted().map { "'\($0)'" }.joined(separator: ", ")
    }
}
