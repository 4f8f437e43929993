import PreflightMetrics

/// The run as JUnit XML, the one test-result format every CI server reads (GitHub Actions
/// reporters, GitLab, Jenkins, Azure DevOps...), so a failed gate shows up as a failed test
/// with its reason in the pipeline's own UI.
///
/// What counts as a test case follows what gates the run:
/// - a smoke run: one `<testsuite>` per flow and one `<testcase>` per step. A step fails if any
///   of its requests failed (the message says what to fix: category, expected versus got,
///   request line and response excerpt); a step never sent is `<skipped/>`.
/// - a load run: the same suites, but steps are informational and always pass, with their
///   counts and latencies in `<system-out>`; a load test judges the whole traffic, not single
///   requests. The gate is a `thresholds` suite (one case per threshold, failing with its
///   summary) and a `run` suite whose `run validity` case fails when the generator could not
///   hold the schedule.
/// - a load run that stopped early: a threshold or the validity the stop left unjudged is
///   `<skipped>` with the reason, never a pass; an aborted run has a failing `run completed` case
///   saying when and by which threshold.
/// - any interrupted run: a `run completed` case in the `run` suite, as an `<error>` because
///   the gate was never fully evaluated.
public enum JUnitReportRenderer {
    public static func render(_ report: RunReport) -> String {
        var suites = report.flows.map { flowSuite($0, report: report) }
        if let thresholds = report.thresholds, !thresholds.isEmpty {
            suites.append(Suite(name: "thresholds", cases: thresholds.map(thresholdCase)))
        }
        var runCases: [Case] = []
        if let load = report.load { runCases.append(validityCase(load, seconds: report.run.durationSeconds)) }
        if report.verdict.status == .interrupted {
            let reasons = report.verdict.reasons.joined(separator: "\n")
            runCases.append(Case(name: "run completed", className: "run", time: 0, result: .error(message: "the run was interrupted", body: reasons)))
        } else if let load = report.load, load.stop?.kind == .aborted, let stopped = load.stopSentence {
            let message = stopped + (load.stop?.cause.map { ": " + $0 } ?? "")
            let reasons = report.verdict.reasons.joined(separator: "\n")
            runCases.append(Case(name: "run completed", className: "run", time: 0, result: .failure(message: message, type: "aborted", body: reasons)))
        }
        if !runCases.isEmpty { suites.append(Suite(name: "run", cases: runCases)) }

        let all = suites.flatMap(\.cases)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\("preflight \(report.run.planName) (\(report.run.profile))".xmlAttributeEscaped)\""
        // No `skipped` here: the JUnit schema CI servers validate against allows it on a suite only.
        xml += counts(all, skipped: false) + " time=\"\(NumberText.junitSeconds(report.run.durationSeconds))\">\n"
        for suite in suites { xml += suite.render(timestamp: report.run.startedAt) }
        return xml + "</testsuites>\n"
    }

    private static func counts(_ cases: [Case], skipped withSkipped: Bool = true) -> String {
        let failures = cases.filter { if case .failure = $0.result { true } else { false } }.count
        let errors = cases.filter { if case .error = $0.result { true } else { false } }.count
        let skipped = cases.filter { if case .skipped = $0.result { true } else { false } }.count
        let counts = " tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\""
        return withSkipped ? counts + " skipped=\"\(skipped)\"" : counts
    }

    private static func flowSuite(_ flow: FlowReport, report: RunReport) -> Suite {
        let isLoad = report.load != nil
        let cases = flow.steps.map { step in
            isLoad ? loadStepCase(step, flow: flow.name) : smokeStepCase(step, flow: flow.name)
        }
        return Suite(name: flow.name, cases: cases)
    }

    private static func smokeStepCase(_ step: StepReport, flow: String) -> Case {
        let time = Double(step.latency.count) * step.latency.meanMs / 1000
        let result: Case.Result = switch StepOutcome(step) {
        case .passed: .passed(output: nil)
        case .failed: .failure(message: FailureSampleText.reason(step), type: step.failureSamples.first.map(FailureSampleText.category) ?? "failed", body: failureBody(step))
        case .skipped, .notRun: .skipped(message: StepOutcome(step).explanation ?? "")
        }
        return Case(name: step.name, className: flow, time: time, result: result)
    }

    private static func failureBody(_ step: StepReport) -> String {
        var lines = ["\(step.failed) of \(step.requests) requests failed: \(CategoryOrder.failures(step.results))"]
        for (index, sample) in step.failureSamples.enumerated() {
            lines.append("")
            lines.append("sample \(index + 1), iteration \(sample.iteration + 1):")
            lines += FailureSampleText.lines(sample).map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    private static func loadStepCase(_ step: StepReport, flow: String) -> Case {
        var lines = ["requests \(step.requests), ok \(step.results[ResultCategory.ok.rawValue] ?? 0), failed \(step.failed)"]
        let failures = CategoryOrder.failures(step.results)
        if !failures.isEmpty { lines.append("failures by category: \(failures)") }
        if let total = step.checksTotal { lines.append("checks \(step.checksPassed ?? 0) of \(total) passed") }
        lines.append("service time " + percentiles(step.latency))
        if let corrected = step.correctedLatency { lines.append("from intended send " + percentiles(corrected)) }
        for (index, sample) in step.failureSamples.enumerated() {
            lines.append("failure sample \(index + 1):")
            lines += FailureSampleText.lines(sample).map { "  " + $0 }
        }
        // Its requests ran side by side over the whole run, so their summed time would exceed the
        // wall clock many times over: the time of a step is that of its mean request.
        let time = step.latency.count > 0 ? step.latency.meanMs / 1000 : 0
        return Case(name: step.name, className: flow, time: time, result: .passed(output: lines.joined(separator: "\n")))
    }

    private static func percentiles(_ summary: LatencySummary) -> String {
        guard summary.count > 0 else { return "-" }
        let values = [summary.p50Ms, summary.p95Ms, summary.p99Ms, summary.maxMs].map(NumberText.milliseconds)
        return "p50 / p95 / p99 / max " + values.joined(separator: " / ")
    }

    private static func thresholdCase(_ threshold: ThresholdResult) -> Case {
        var body = threshold.summary
        if threshold.abortOnFail { body += "\n(abortOnFail: this threshold stops the run when it fails)" }
        let result: Case.Result = if let reason = threshold.notJudged {
            .skipped(message: "not judged: \(reason)")
        } else if threshold.passed {
            .passed(output: body)
        } else {
            .failure(message: threshold.summary, type: "threshold", body: body)
        }
        return Case(name: threshold.expression, className: "thresholds", time: 0, result: result)
    }

    /// The run as a whole is what validity judges, so this case carries the run's time: the suites
    /// then add up to the wall clock, give or take the flows' mean request times.
    private static func validityCase(_ load: LoadSection, seconds: Double) -> Case {
        let schedule = load.schedule
        var figures = "\(load.executor)\n"
        if load.model == "open" {
            figures += "start rate: target \(NumberText.perSecond(schedule.targetRate)), achieved \(NumberText.perSecond(schedule.achievedStartRate))\n"
            figures += "iterations: \(schedule.intendedIterations) intended, \(schedule.startedIterations) started, \(schedule.droppedIterations) dropped\n"
            figures += "scheduler lag p99: \(NumberText.milliseconds(schedule.lag.p99Ms))\n"
        }
        figures += String(format: "generator: %.2f CPU s, peak memory ", load.generator.cpuSeconds) + NumberText.mebibytes(load.generator.peakResidentBytes)
        let result: Case.Result = if let reason = load.validity.notJudged {
            .skipped(message: "not judged: \(reason)")
        } else if load.validity.valid {
            .passed(output: figures)
        } else {
            .failure(
                message: "invalid run: " + load.validity.causes.joined(separator: "; "), type: "invalid_run",
                body: load.validity.causes.map { "- \($0)" }.joined(separator: "\n") + "\n\n" + figures
            )
        }
        return Case(name: "run validity", className: "run", time: seconds, result: result)
    }

    private struct Suite {
        var name: String
        var cases: [Case]
        /// A suite takes as long as its cases together, never the whole run each.
        var time: Double { cases.reduce(0) { $0 + ($1.time ?? 0) } }

        func render(timestamp: String) -> String {
            var xml = "  <testsuite name=\"\(name.xmlAttributeEscaped)\"\(counts(cases))"
            xml += " time=\"\(NumberText.junitSeconds(time))\" timestamp=\"\(timestamp.xmlAttributeEscaped)\">\n"
            return xml + cases.map { $0.render() }.joined() + "  </testsuite>\n"
        }
    }

    private struct Case {
        enum Result {
            case passed(output: String?)
            case failure(message: String, type: String, body: String)
            case error(message: String, body: String)
            case skipped(message: String)
        }

        var name: String
        var className: String
        var time: Double?
        var result: Result

        func render() -> String {
            var xml = "    <testcase name=\"\(name.xmlAttributeEscaped)\" classname=\"\(className.xmlAttributeEscaped)\""
            if let time { xml += " time=\"\(NumberText.junitSeconds(time))\"" }
            switch result {
            case .passed(nil):
                return xml + "/>\n"
            case .passed(let output?):
                return xml + ">\n      <system-out>\(output.xmlEscaped)</system-out>\n    </testcase>\n"
            case .failure(let message, let type, let body):
                return xml + ">\n      <failure message=\"\(message.xmlAttributeEscaped)\" type=\"\(type.xmlAttributeEscaped)\">\(body.xmlEscaped)</failure>\n    </testcase>\n"
            case .error(let message, let body):
                return xml + ">\n      <error message=\"\(message.xmlAttributeEscaped)\">\(body.xmlEscaped)</error>\n    </testcase>\n"
            case .skipped(let message):
                return xml + ">\n      <skipped message=\"\(message.xmlAttributeEscaped)\"/>\n    </testcase>\n"
            }
        }
    }
}
