import PreflightMetrics

/// The go-live checklist: each gate of the run with PASS or FAIL, so a release manager can sign
/// off line by line. For a load run the gates are the thresholds and the run's validity; for a
/// smoke run, every step.
enum HTMLChecklist {
    static func render(_ report: RunReport) -> String {
        var rows: [String] = []
        if let load = report.load, let stopped = load.stopSentence, let stop = load.stop {
            rows.append(row(
                label: "FAIL", style: "fail", check: "The run completed its schedule",
                observed: stopped, detail: (stop.cause.map { "aborted by " + $0 } ?? "interrupted").htmlEscaped
            ))
        }
        for threshold in report.thresholds ?? [] {
            rows.append(row(
                label: threshold.label, style: style(passed: threshold.passed, notJudged: threshold.notJudged != nil),
                check: "<code>\(threshold.expression.htmlEscaped)</code>",
                observed: ThresholdObservationText.text(for: threshold), detail: detail(for: threshold)
            ))
        }
        if let load = report.load {
            if (report.thresholds ?? []).isEmpty {
                rows.append("<tr><td></td><td colspan=\"3\" class=\"muted\">The plan declares no thresholds: the verdict rests on the run's validity alone.</td></tr>\n")
            }
            let schedule = load.model == "open"
                ? "\(NumberText.perSecond(load.schedule.achievedStartRate)) of \(NumberText.perSecond(load.schedule.targetRate)) started, \(load.schedule.droppedIterations) dropped"
                : "closed model: no schedule to hold"
            let validity = load.validity
            rows.append(row(
                label: validity.label, style: style(passed: validity.valid, notJudged: validity.notJudged != nil),
                check: "The generator held the schedule (run validity)", observed: schedule,
                detail: (validity.notJudged.map { "not judged: " + $0 } ?? validity.causes.joined(separator: "; ")).htmlEscaped
            ))
        } else {
            for flow in report.flows {
                for step in flow.steps { rows.append(row(for: step, in: flow)) }
            }
        }
        if rows.isEmpty {
            rows.append("<tr><td></td><td colspan=\"3\" class=\"muted\">Nothing was checked: the run has no steps.</td></tr>\n")
        }
        return """
            <section id="checklist">
            <h2>Go-live checklist</h2>
            <table class="checklist">
            <thead><tr><th>result</th><th>check</th><th class="num">observed</th><th>detail</th></tr></thead>
            <tbody>
            \(rows.joined())</tbody>
            </table>
            </section>

            """
    }

    private static func detail(for threshold: ThresholdResult) -> String {
        var parts: [String] = []
        if let reason = threshold.notJudged {
            parts.append("not judged: \(reason)".htmlEscaped)
        } else if threshold.observed == nil {
            parts.append(threshold.summary.htmlEscaped)
        }
        if threshold.abortOnFail { parts.append("<span class=\"muted\">aborts the run when it fails</span>") }
        return parts.joined(separator: " ")
    }

    private static func row(for step: StepReport, in flow: FlowReport) -> String {
        let outcome = StepOutcome(step)
        let ok = step.results[ResultCategory.ok.rawValue] ?? 0
        var observed = step.requests > 0 ? "\(ok) of \(step.requests) ok" : "-"
        if step.latency.count > 0 { observed += ", max \(NumberText.milliseconds(step.latency.maxMs))" }
        // A passing TLS check still says what it saw: the certificate's expiry is the next thing to watch.
        let detail = outcome == .failed ? FailureSampleText.reason(step) : outcome.explanation ?? step.tls.map { "tls: " + $0.summary } ?? ""
        return row(
            outcome: outcome, check: "\(flow.name.htmlEscaped) / \(step.name.htmlEscaped)",
            observed: observed, detail: detail.htmlEscaped
        )
    }

    /// Green only for a judged pass: a gate left unjudged is grey, never green.
    private static func style(passed: Bool, notJudged: Bool) -> String {
        notJudged ? "notrun" : passed ? "pass" : "fail"
    }

    private static func row(outcome: StepOutcome, check: String, observed: String, detail: String) -> String {
        let style = switch outcome {
        case .passed: "pass"
        case .failed: "fail"
        case .skipped: "skip"
        case .notRun: "notrun"
        }
        return row(label: outcome.label, style: style, check: check, observed: observed, detail: detail)
    }

    /// `check` and `detail` arrive as HTML; `observed` is plain text.
    private static func row(label: String, style: String, check: String, observed: String, detail: String) -> String {
        "<tr><td><span class=\"pill \(style)\">\(label)</span></td><td>\(check)</td><td class=\"num\">\(observed.htmlEscaped)</td><td>\(detail)</td></tr>\n"
    }
}
