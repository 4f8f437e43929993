import ArgumentParser
import Foundation
import PreflightEngine
import PreflightMetrics
import PreflightPlan
import PreflightReports
import PreflightRun
import Synchronization

/// A load run from the command line: thresholds, live progress, signals, report and exit code.
struct LoadExecution {
    var plan: Plan
    var planFile: String
    var planBytes: [UInt8]
    var profile: String
    var executor: LoadExecutor
    var spacing: ArrivalSpacing
    /// Fixed connection pool size, nil for one connection per concurrent request.
    var connections: Int?
    var reportOptions: ReportOptions

    func run() async throws -> ExitCode {
        try reportOptions.checkWritable()
        let entries = thresholdEntries()
        let transport = HTTPTransport(maxBodyBytes: plan.defaults.maxBodyBytes, maxConnections: connections)
        defer { transport.shutdown() }
        let runner = LoadRunner(plan: plan, transport: transport, options: LoadRunner.Options(
            executor: executor, spacing: spacing, drainTimeout: min(plan.defaults.totalTimeout, .seconds(30))
        ))

        let progress = ProgressPrinter(quiet: reportOptions.quiet)
        let monitor = Mutex(ThresholdMonitor(plan: plan, entries: entries))
        if !reportOptions.quiet {
            Console.out("preflight load: \(plan.name), profile \(profile): \(LoadReportBuilder.describe(executor))")
        }
        let result = await Interruption.shared.whileRunning(stop: { runner.stop(.interrupted) }) {
            await runner.run { tick in
                progress.show(tick)
                guard !tick.scheduleEnded else { return }
                let abort = monitor.withLock {
                    $0.add(interval: tick.interval, seconds: tick.point.intervalSeconds, elapsedSeconds: tick.point.elapsedSeconds, schedule: tick.schedule)
                }
                if let abort { runner.stop(.aborted(abort)) }
            }
        }
        progress.finish()

        let outcomes = monitor.withLock { $0.outcomes(final: result.measurements, seconds: result.measuredSeconds, schedule: result.schedule) }
        let thresholds = zip(entries, outcomes).map { entry, outcome in
            ThresholdResult(
                expression: entry.threshold.source, observed: outcome.observed, passed: outcome.passed,
                summary: outcome.summary, abortOnFail: entry.abortOnFail
            )
        }
        let maxInFlight: Int? = if case .arrivalRate(_, let cap) = executor { cap } else { nil }
        let validity = RunValidity.evaluate(result.schedule, openModel: executor.isOpenModel, maxInFlight: maxInFlight)
        let report = LoadReportBuilder(planFile: planFile, planBytes: planBytes, profile: profile)
            .report(for: result, thresholds: thresholds, validity: validity, usage: ProcessUsage.current())
        Console.out("")
        Console.out(TerminalSummaryRenderer.render(report))
        let written = reportOptions.publish(report, planFile: planFile)
        return ReportOptions.exitCode(verdict: report.verdict.exitCode, reportsWritten: written)
    }

    /// The plan's thresholds, parsed; the loader has already rejected any that do not parse.
    private func thresholdEntries() -> [ThresholdMonitor.Entry] {
        plan.thresholds.compactMap { spec in
            guard case .success(let threshold) = ThresholdParser.parse(spec.expression) else { return nil }
            return ThresholdMonitor.Entry(threshold: threshold, abortOnFail: spec.abortOnFail, abortGraceSeconds: spec.abortGrace.seconds)
        }
    }
}
