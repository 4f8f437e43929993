import ArgumentParser
import PreflightRun
import PreflightEngine
import PreflightPlan

/// `preflight run PLAN --profile NAME`: runs the plan the way the named profile says — the smoke
/// gate or a load test — with the same flows either way.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a plan with one of its profiles: smoke, or a load executor with thresholds as the gate.",
        discussion: "Exit codes: 0 passed, 1 failed, 2 invalid plan (nothing sent), 3 invalid run, 130 interrupted."
    )

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var reportOptions: ReportOptions
    @OptionGroup var loadOptions: LoadOptions
    @OptionGroup var connectionOptions: ConnectionOptions
    @OptionGroup var shardOptions: ShardOptions
    @OptionGroup var monitoringOptions: MonitoringOptions

    @Option(help: "The profile to run.")
    var profile: String = "smoke"

    func run() async throws {
        Interruption.shared.install(notices: Console.error)
        let (loaded, bytes) = try planOptions.load()
        let configured = connectionOptions.apply(to: loaded)
        if let warning = connectionOptions.insecureWarning { Console.error(warning) }
        guard let chosen = configured.profiles[profile] else {
            let names = configured.profiles.keys.sorted()
            Console.error("\(planOptions.planName): no profile '\(profile)'; the plan has: \(names.joined(separator: ", "))")
            if let hint = DidYouMean.hint(for: profile, among: names) { Console.error("    hint: \(hint)") }
            throw ExitCode(RunExit.invalidInput)
        }
        // The profile's flows and thresholds, when it names its own.
        let plan = configured.applying(chosen)
        let inapplicable = loadOptions.inapplicable(to: chosen.executor)
        guard inapplicable.isEmpty else {
            for problem in inapplicable { Console.error("profile '\(profile)': \(problem)") }
            throw ExitCode(RunExit.invalidInput)
        }
        let shard = try shardOptions.resolved()
        if case .smoke(let iterations) = chosen.executor {
            if !shard.isWhole || shardOptions.startAt != nil {
                Console.error("profile '\(profile)': --shard, --shards and --start-at split a load profile; a smoke profile runs each flow once")
                throw ExitCode(RunExit.invalidInput)
            }
            let session = SmokeSession(
                plan: plan, planFile: planOptions.planName, planBytes: bytes, profile: profile,
                iterations: iterations, failFast: false
            )
            throw connectionOptions.remindIfInsecure(try await SessionOutput.run(session, reports: reportOptions))
        }
        guard let executor = loadOptions.executor(for: chosen) else { throw ExitCode(RunExit.invalidInput) }
        let session = LoadSession(
            plan: plan, planFile: planOptions.planName, planBytes: bytes, profile: profile,
            executor: executor, spacing: loadOptions.spacing, connections: loadOptions.connections ?? chosen.connections,
            shard: shard, startAt: shardOptions.startDate
        )
        throw connectionOptions.remindIfInsecure(try await SessionOutput.run(session, reports: reportOptions, monitoring: monitoringOptions))
    }
}
