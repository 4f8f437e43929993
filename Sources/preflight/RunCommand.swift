import ArgumentParser
import PreflightPlan

/// `preflight run PLAN --profile NAME`: runs the plan the way the named profile says.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a plan with one of its profiles (smoke today; load executors are next)."
    )

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var reportOptions: ReportOptions

    @Option(help: "The profile to run.")
    var profile: String = "smoke"

    func run() async throws {
        let (plan, bytes) = try planOptions.load()
        guard let chosen = plan.profiles[profile] else {
            Console.error("\(planOptions.plan): no profile '\(profile)'; the plan has: \(plan.profiles.keys.sorted().joined(separator: ", "))")
            throw ExitStatus.invalidPlan
        }
        guard case .smoke(let iterations) = chosen.executor else {
            Console.error("\(planOptions.plan):\(chosen.location): profile '\(profile)' uses a load executor, which this version cannot run yet; nothing was sent.")
            throw ExitStatus.invalidPlan
        }
        let execution = SmokeExecution(
            plan: plan, planFile: planOptions.plan, planBytes: bytes, profile: profile,
            iterations: iterations, failFast: false, reportOptions: reportOptions
        )
        throw try await execution.run()
    }
}
