import ArgumentParser
import Foundation
import PreflightEngine
import PreflightPlan
import PreflightReports

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
        let transport = HTTPTransport()
        defer { transport.shutdown() }
        let quiet = reportOptions.quiet
        if !quiet { Console.out("preflight smoke: \(plan.name) (\(plan.flows.count) flows, \(iterations) iteration\(iterations == 1 ? "" : "s") each)") }
        let startedAt = Date()
        let result = await SmokeRunner(plan: plan, transport: transport).run(iterations: iterations, failFast: failFast) { step in
            guard !quiet else { return }
            for line in StepLineFormatter.lines(for: step) { Console.out("  " + line) }
        }
        let report = SmokeReportBuilder(planFile: planFile, planBytes: planBytes, profile: profile)
            .report(for: result, startedAt: startedAt, endedAt: Date())
        Console.out("")
        Console.out(TerminalSummaryRenderer.render(report))
        reportOptions.publish(report, planFile: planFile)
        return ExitCode(report.verdict.exitCode)
    }
}
