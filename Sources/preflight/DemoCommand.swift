import ArgumentParser
import Foundation
import PreflightRun
import PreflightDemoTarget

/// `preflight demo`: the quick start. Starts the bundled point-of-sale demo target on a free
/// loopback port, runs the demo smoke plan against it and writes the report.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the bundled demo plan against the bundled demo target on a free loopback port."
    )

    @Option(help: "The plan to run against the demo target (default: the demo plan that ships with preflight); its targets should use ${API_URL}.")
    var plan: String?

    /// The demo plan shipped beside the binary, so the quick start works from any directory.
    private var shippedPlan: String {
        Bundle.module.path(forResource: "demo-smoke", ofType: "yaml") ?? "plans/demo-smoke.yaml"
    }

    @OptionGroup var reportOptions: ReportOptions

    func run() async throws {
        Interruption.shared.install(notices: Console.error)
        let target = try await DemoTarget.start(host: "127.0.0.1", port: 0)
        Console.out("demo target listening on \(target.baseURL)")
        let status: ExitCode
        do {
            let path = plan ?? shippedPlan
            let planOptions = try PlanOptions.parse([path])
            let (loaded, bytes) = try planOptions.load(extraEnvironment: ["API_URL": target.baseURL])
            let session = SmokeSession(plan: loaded, planFile: path, planBytes: bytes, profile: "smoke", iterations: 1, failFast: false)
            status = try await SessionOutput.run(session, reports: reportOptions)
        } catch {
            await target.stop()
            throw error
        }
        await target.stop()
        throw status
    }
}
