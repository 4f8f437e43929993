import ArgumentParser
import PreflightRun
import PreflightPlan

/// `preflight smoke PLAN`: the post-deploy gate. Each flow once, a line per step, exit 0 or 1.
struct SmokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke",
        abstract: "Run every flow once (or --iterations times); exit 0 when all steps pass, 1 otherwise."
    )

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var reportOptions: ReportOptions
    @OptionGroup var connectionOptions: ConnectionOptions

    @Option(help: "How many times each flow runs (default: the plan's smoke profile, else 1).")
    var iterations: Int?

    @Flag(help: "Stop the whole run at the first failing flow.")
    var failFast = false

    func validate() throws {
        if let iterations, iterations < 1 { throw ValidationError("--iterations must be at least 1") }
    }

    func run() async throws {
        Interruption.shared.install(notices: Console.error)
        let (loaded, bytes) = try planOptions.load()
        let plan = connectionOptions.apply(to: loaded)
        if let warning = connectionOptions.insecureWarning { Console.error(warning) }
        var count = 1
        if case .smoke(let planned)? = plan.profiles["smoke"]?.executor { count = planned }
        let session = SmokeSession(
            plan: plan, planFile: planOptions.planName, planBytes: bytes, profile: "smoke",
            iterations: iterations ?? count, failFast: failFast
        )
        throw connectionOptions.remindIfInsecure(try await SessionOutput.run(session, reports: reportOptions))
    }
}
