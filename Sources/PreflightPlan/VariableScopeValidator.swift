/// Checks that every `{{name}}` is defined where it is used.
///
/// A step can read plan variables and values captured by earlier steps of its own flow. Captures
/// happen at run time, so reading one too early or from another flow would otherwise only show up
/// as an empty value in the middle of a test run.
extension PlanDecoder {
    mutating func validateVariableScopes(
        variables: Set<String>, defaultHeaders: [TemplateReference], flows: [FlowScope]
    ) {
        for reference in defaultHeaders where !variables.contains(reference.name) {
            let capturedSomewhere = flows.contains { $0.capturedNames.contains(reference.name) }
            report(
                "'defaults.headers' uses '\(reference.name)', which is not a plan variable", at: reference.location,
                hint: capturedSomewhere
                    ? "default headers apply to every step, including those before the capture; "
                        + "set this header on the steps that run after it"
                    : DidYouMean.hint(for: reference.name, among: variables.sorted())
                        ?? "declare it under 'variables'")
        }
        for flow in flows {
            var available = variables
            for (index, step) in flow.steps.enumerated() {
                for reference in step.references where !available.contains(reference.name) {
                    reportUndefined(reference, in: flow, stepIndex: index, available: available, flows: flows)
                }
                available.formUnion(step.captures)
            }
        }
    }

    private mutating func reportUndefined(
        _ reference: TemplateReference, in flow: FlowScope, stepIndex: Int, available: Set<String>,
        flows: [FlowScope]
    ) {
        let name = reference.name
        if let capturing = flow.steps.indices.first(where: { $0 >= stepIndex && flow.steps[$0].captures.contains(name) }) {
            let when = capturing == stepIndex ? "by this same step" : "by the later step '\(flow.steps[capturing].name)'"
            report(
                "'\(name)' is used before it is captured: it is captured \(when)", at: reference.location,
                hint: "a capture is available only to the steps after the one that captures it")
        } else if let other = flows.first(where: { $0.name != flow.name && $0.capturedNames.contains(name) }) {
            report(
                "'\(name)' is not defined in flow '\(flow.name)'", at: reference.location,
                hint: "it is captured in flow '\(other.name)', and captures are only visible within their own flow")
        } else if name.hasPrefix("row.") {
            let columns = available.filter { $0.hasPrefix("row.") }.sorted()
            report(
                columns.isEmpty ? "'\(name)' reads a data file, but the plan has no 'data'" : "the data file has no column '\(name.dropFirst(4))'",
                at: reference.location,
                hint: columns.isEmpty ? "add data: { file: users.csv } to the plan"
                    : DidYouMean.hint(for: name, among: columns) ?? "its columns: " + columns.joined(separator: ", "))
        } else {
            report(
                "undefined variable '\(name)'", at: reference.location,
                hint: DidYouMean.hint(for: name, among: available.sorted())
                    ?? "declare it under 'variables', or capture it in an earlier step")
        }
    }
}
