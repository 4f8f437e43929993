import ArgumentParser
import Foundation
import PreflightEngine
import PreflightPlan
import PreflightReports
import PreflightRun

/// The smoke run shared by `smoke`, `run --profile smoke` and `demo`: run, print, report, exit code.
struct SmokeExecution {
    var plan: Plan
    var planFile: String
    var planBytes: [UInt8]
    var profile: String
    var iterations: Int
    var failFast: Bool
    var reportOptions: ReportOptions

    func run() async throws -> ExitCode {
        try reportOptions.checkWritable()
        let transport = HTTPTransport(maxBodyBytes: plan.defaults.maxBodyBytes)
        defer { transport.shutdown() }
        let quiet = reportOptions.quiet
        if !quiet { Console.out("preflight smoke: \(plan.name) (\(plan.flows.count) flows, \(iterations) iteration\(iterations == 1 ? "" : "s") each)") }
        let startedAt = Date()
        let runner = SmokeRunner(plan: plan, transport: transport)
        let result = await Interruption.shared.whileRunning(stop: runner.stop) {
            await runner.run(iterations: iterations, failFast: failFast) { step in
                guard !quiet else { return }
                for line in StepLineFormatter.lines(for: step) { Console.out("  " + line) }
            }
        }
        let report = SmokeReportBuilder(planFile: planFile, planBytes: planBytes, profile: profile)
            .report(for: result, startedAt: startedAt, endedAt: Date())
        Console.out("")
        Console.out(TerminalSummaryRenderer.render(report))
        let written = reportOptions.publish(report, planFile: planFile)
        return ReportOptions.exitCode(verdict: report.verdict.exitCode, reportsWritten: written)
    }
}
