import Foundation
import ArgumentParser
import PreflightEngine
import PreflightReports
import PreflightMonitoring
import PreflightRun

/// Prints a run as it happens and what became of its evidence; the run itself (judging, verdict,
/// exit status, signals, reports) is `PreflightRun`'s.
enum SessionOutput {
    static func run(_ session: SmokeSession, reports: ReportOptions) async throws -> ExitCode {
        let destinations = try reports.checkedDestinations()
        let quiet = reports.quiet
        if !quiet {
            let count = session.iterations
            Console.out("preflight smoke: \(session.plan.name) (\(session.plan.flows.count) flows, \(count) iteration\(count == 1 ? "" : "s") each)")
        }
        let report = await session.run { step in
            guard !quiet else { return }
            for line in StepLineFormatter.lines(for: step) { Console.out("  " + line) }
        }
        return finish(report, planFile: session.planFile, destinations: destinations)
    }

    static func run(_ session: LoadSession, reports: ReportOptions, monitoring: MonitoringOptions = MonitoringOptions()) async throws -> ExitCode {
        let destinations = try reports.checkedDestinations()
        let progress = ProgressPrinter(quiet: reports.quiet)
        var live: (metrics: LiveMetrics, endpoint: MetricsEndpoint)?
        if let listen = monitoring.metricsListen.flatMap(MonitoringOptions.address) {
            let metrics = LiveMetrics(plan: session.plan, profile: session.profile, shard: session.shard.isWhole ? nil : session.shard.description)
            do {
                let endpoint = try await MetricsEndpoint.start(host: listen.host, port: listen.port, metrics: metrics)
                live = (metrics, endpoint)
                Console.out("metrics: http://\(listen.host.contains(":") ? "[\(listen.host)]" : listen.host):\(endpoint.port)/metrics")
            } catch {
                Console.error("--metrics-listen \(monitoring.metricsListen ?? ""): \(error); nothing was sent.")
                return ExitCode(RunExit.invalidInput)
            }
        }
        if !reports.quiet {
            Console.out("preflight load: \(session.plan.name), profile \(session.profile): \(session.description)")
        }
        // The stream beside the report: every interval and window as it closes.
        let start = Date()
        let part = session.shard.isWhole ? "" : ReportDestinations.shardPart(number: session.shard.index + 1, count: session.shard.count)
        let stream: RunStream
        do {
            let path = destinations.streamPath(planFile: session.planFile, profile: session.profile, part: part, at: start)
            stream = try RunStream(
                path: path, plan: session.plan.name, profile: session.profile, startedAt: start, replacing: destinations.hasFixedJSONPath)
        } catch {
            Console.error("cannot write the run's stream: \(error); nothing was sent.")
            return ExitCode(RunExit.invalidInput)
        }
        let metrics = live?.metrics
        let quiet = reports.quiet
        let report = await session.run(
            onTick: { tick in
                progress.show(tick)
                metrics?.record(tick)
                stream.interval(tick.point)
            },
            onWindow: { window in
                if !quiet { Console.out(window.line) }
                stream.window(window)
                for threshold in window.thresholds { metrics?.recordWindow(threshold: threshold.expression, passed: threshold.passed) }
            },
            onEnd: { result in metrics?.finish(measurements: result.measurements, schedule: result.schedule) })
        progress.finish()
        stream.end(report.verdict)
        if let failure = stream.failure { Console.error("the run's stream is incomplete: \(failure)") }
        let status = finish(report, planFile: session.planFile, destinations: destinations, now: start)
        if !quiet { Console.out("stream: \(stream.path)") }
        if let live {
            // The final values stay up for one more scrape.
            try? await Task.sleep(for: monitoring.metricsLinger)
            await live.endpoint.stop()
        }
        return status
    }

    /// Prints the summary, writes the reports and returns the exit status: the same for a run and a merge.
    static func finish(_ report: RunReport, planFile: String, destinations: ReportDestinations, now: Date = Date()) -> ExitCode {
        Console.out("")
        Console.out(TerminalSummaryRenderer.render(report))
        let publication = Publication.publish(report, planFile: planFile, to: destinations, now: now)
        for path in publication.paths { Console.out("report: \(path)") }
        if let problem = publication.problem { Console.error("could not write the report: \(problem)") }
        if let path = publication.summaryPath { Console.out("summary appended to \(path)") }
        if let problem = publication.summaryProblem { Console.error("could not append the summary to $GITHUB_STEP_SUMMARY: \(problem)") }
        if publication.failedForLostEvidence {
            Console.error("the run passed, but its report could not be written: failing (exit \(publication.exitStatus)) so the gate does not pass without its evidence")
        }
        return ExitCode(publication.exitStatus)
    }
}
