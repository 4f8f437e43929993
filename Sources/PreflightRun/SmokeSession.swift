import Foundation
import PreflightEngine
import PreflightPlan
import PreflightReports

/// A post-deploy smoke run: every flow a fixed number of times, judged step by step, stopped
/// gracefully by SIGINT, SIGTERM or SIGHUP, and turned into its report.
public struct SmokeSession: Sendable {
    public var plan: Plan
    public var planFile: String
    public var planBytes: [UInt8]
    public var profile: String
    public var iterations: Int
    public var failFast: Bool

    public init(plan: Plan, planFile: String, planBytes: [UInt8], profile: String, iterations: Int, failFast: Bool) {
        self.plan = plan
        self.planFile = planFile
        self.planBytes = planBytes
        self.profile = profile
        self.iterations = iterations
        self.failFast = failFast
    }

    /// Runs the flows; `onStep` sees each step's result as it completes, for live output.
    public func run(onStep: @escaping @Sendable (StepResult) -> Void = { _ in }) async -> RunReport {
        let transport = HTTPTransport(maxBodyBytes: plan.defaults.maxBodyBytes)
        defer { transport.shutdown() }
        let startedAt = Date()
        let runner = SmokeRunner(plan: plan, transport: transport)
        let result = await Interruption.shared.whileRunning(stop: runner.stop) {
            await runner.run(iterations: iterations, failFast: failFast, onStep: onStep)
        }
        return SmokeReportBuilder(planFile: planFile, planBytes: planBytes, profile: profile)
            .report(for: result, startedAt: startedAt, endedAt: Date())
    }
}
