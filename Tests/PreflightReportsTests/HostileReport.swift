import PreflightMetrics
import PreflightReports

/// A load report whose every plan- and server-supplied string tries to break out of its markup.
enum HostileReport {
    static let script = "<script>alert(1)</script>"
    static let escapedScript = "&lt;script&gt;alert(1)&lt;/script&gt;"
    static let quoted = "\"quoted\" & 'single'"
    static let stepName = "\(script) \(quoted) | piped\nsecond line"
    static let excerpt = "</pre>\(script)<img src=x onerror=alert(1)>\u{1}\r\n]]>"
    static let transportMessage = "X-Injected: \"><\(script.dropFirst())"
    static let expression = "http_req_duration{step:\"\(script)\"} p95 < 500ms & \(quoted)"

    static func make() -> RunReport {
        let latency = LatencySummary(count: 10, minMs: 1, meanMs: 5, p50Ms: 4, p90Ms: 8, p95Ms: 9, p99Ms: 12, maxMs: 20)
        let sample = FailureSample(
            iteration: 0, category: "http_5xx", requestLine: "POST http://127.0.0.1/\(script)", status: 500,
            failures: [FailedCheck(subject: "json $.\(script)", expected: quoted, actual: script)],
            transportMessage: transportMessage, responseExcerpt: excerpt
        )
        let step = StepReport(
            name: stepName, requests: 10, skipped: 0, results: ["ok": 9, "http_5xx": 1, script: 1], latency: latency,
            correctedLatency: latency, phases: PhaseSummaries(dns: latency, connect: latency, tls: latency, firstByte: latency),
            failureSamples: [sample]
        )
        let point = TimeSeriesSample(
            elapsedSeconds: 1, intervalSeconds: 1, targetRate: 10, requestRate: 10, requests: 10,
            errors: ["http_5xx": 1, script: 1], p50Ms: 4, p95Ms: 9, p99Ms: 12, inFlight: 1
        )
        let load = LoadSection(
            model: "open", executor: "constant \(script)", plannedSeconds: 1, elapsedSeconds: 1, measuredSeconds: 1,
            schedule: ScheduleReport(targetRate: 10, achievedStartRate: 5, intendedIterations: 10, startedIterations: 5, droppedIterations: 5, lag: latency, maxInFlight: 1),
            validity: ValidityReport(valid: false, causes: ["cause \(script) \(quoted)"]),
            generator: GeneratorUsage(cpuSeconds: 0.1, peakResidentBytes: 1),
            overall: OverallReport(requests: 10, failures: 1, requestRate: 10, results: ["ok": 9, "http_5xx": 1], correctedLatency: latency, serviceLatency: latency),
            timeSeries: [point, point]
        )
        return RunReport(
            run: RunInfo(planName: "plan \(script)", planFile: "\(script).yaml", planSHA256: quoted, profile: script, mode: "load",
                         startedAt: script, endedAt: script, durationSeconds: 1),
            targets: [TargetInfo(name: script, url: "http://\(script)")],
            verdict: Verdict(status: .invalid, exitCode: 3, reasons: ["Invalid run: \(script) \(quoted)."]),
            flows: [FlowReport(name: "flow \(script) \(quoted)", iterations: 10, passedIterations: 9, steps: [step])],
            thresholds: [ThresholdResult(expression: expression, observed: 12, passed: false, summary: "\(expression): observed \(script)", abortOnFail: true)],
            load: load
        )
    }

    /// The same strings in a smoke report, where steps are test cases and checklist rows.
    static func makeSmoke() -> RunReport {
        var report = make()
        report.load = nil
        report.thresholds = nil
        report.run.mode = "smoke"
        report.verdict = Verdict(status: .failed, exitCode: 1, reasons: ["\(stepName): \(script)"])
        return report
    }
}
