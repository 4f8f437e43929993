import ArgumentParser
import PreflightRun
import PreflightDemoTarget

/// `preflight demo`: the quick start. Starts the bundled point-of-sale demo target on a free
/// loopback port, runs the demo smoke plan against it and writes the report.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run plans/demo-smoke.yaml against the bundled demo target on a free loopback port."
    )

    @Option(help: "The plan to run against the demo target; its targets should use ${API_URL}.")
    var plan: String = "plans/demo-smoke.yaml"

    @OptionGroup var reportOptions: ReportOptions

    func run() async throws {
        Interruption.shared.install(notices: Console.error)
        let target = try await DemoTarget.start(host: "127.0.0.1", port: 0)
        Console.out("demo target listening on \(target.baseURL)")
        let status: ExitCode
        do {
            let planOptions = try PlanOptions.parse([plan])
            let (loaded, bytes) = try planOptions.load(extraEnvironment: ["API_URL": target.baseURL])
            let session = SmokeSession(plan: loaded, planFile: plan, planBytes: bytes, profile: "smoke", iterations: 1, failFast: false)
            status = try await SessionOutput.run(session, reports: reportOptions)
        } catch {
            await target.stop()
            throw error
        }
        await target.stop()
        throw status
    }
}
