import ArgumentParser

/// `preflight validate PLAN`: every problem at once, before any traffic.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a plan and report every problem with file:line:column; exit 2 when invalid."
    )

    @OptionGroup var planOptions: PlanOptions

    func run() async throws {
        let (plan, _) = try planOptions.load()
        let steps = plan.flows.reduce(0) { $0 + $1.steps.count }
        let targets = plan.targets.keys.sorted().joined(separator: ", ")
        Console.out("\(planOptions.planName): plan '\(plan.name)' is valid: \(plan.flows.count) flows, \(steps) steps, targets \(targets), profiles \(plan.profiles.keys.sorted().joined(separator: ", ")).")
    }
}
