import PreflightMetrics

/// A short Markdown summary for places that render Markdown next to a pipeline run, above all
/// GitHub's job summary (`$GITHUB_STEP_SUMMARY`): the verdict in words, the thresholds, the key
/// load figures and one row per step. The HTML report has the charts and failure samples.
///
/// Status words only, no emoji or colour, so it reads the same in a terminal, an e-mail or a
/// screen reader. Every value from a plan or a server is escaped for Markdown.
public enum MarkdownReportRenderer {
    public static func render(_ report: RunReport) -> String {
        let run = report.run
        var lines = ["## Preflight \(report.verdict.status.word): \(run.planName.markdownEscaped) (exit \(report.verdict.exitCode))", ""]
        lines.append("Profile \(run.profile.markdownEscaped), \(run.mode.markdownEscaped) run of \(NumberText.seconds(run.durationSeconds)) started \(run.startedAt.markdownEscaped); plan \(run.planFile.markdownEscaped), SHA-256 \(run.planSHA256.prefix(12).description.markdownEscaped).")
        lines.append("")
        lines += report.verdict.reasons.map { "- \($0.markdownLineEscaped)" }
        if let thresholds = report.thresholds, !thresholds.isEmpty {
            lines += ["", "### Thresholds", ""]
            lines += table(["result", "threshold", "observed"], thresholds.map {
                [$0.label, $0.expression, ThresholdObservationText.text(for: $0)]
            }, numeric: [2])
        }
        if let load = report.load { lines += loadFigures(load) }
        lines += ["", "### Steps", ""]
        lines += stepTable(report)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func loadFigures(_ load: LoadSection) -> [String] {
        let overall = load.overall
        let schedule = load.schedule
        let latency = { (summary: LatencySummary) in
            [summary.p50Ms, summary.p95Ms, summary.p99Ms, summary.maxMs].map(NumberText.milliseconds).joined(separator: " / ")
        }
        var rows = [
            ["executor", "\(load.model) model: \(load.executor)"],
            ["requests", "\(overall.requests) at \(NumberText.perSecond(overall.requestRate)), \(overall.failures) failed"],
            ["latency p50 / p95 / p99 / max", latency(overall.correctedLatency)],
            ["service time p50 / p95 / p99 / max", latency(overall.serviceLatency)],
        ]
        let failures = CategoryOrder.failures(overall.results)
        if !failures.isEmpty { rows.append(["failures by category", failures]) }
        if load.model == "open" {
            rows.append([
                "schedule",
                "target \(NumberText.perSecond(schedule.targetRate)), achieved \(NumberText.perSecond(schedule.achievedStartRate)), "
                    + "\(schedule.droppedIterations) dropped, scheduler lag p99 \(NumberText.milliseconds(schedule.lag.p99Ms))",
            ])
        }
        if let stopped = load.stopSentence { rows.append(["stopped early", stopped + (load.stop?.cause.map { ", by " + $0 } ?? "")]) }
        let validity = load.validity
        rows.append(["validity", validity.notJudged.map { "not judged: " + $0 } ?? (validity.valid ? "valid" : "INVALID: " + validity.causes.joined(separator: "; "))])
        rows.append(["generator", String(format: "%.2f CPU s, peak memory ", load.generator.cpuSeconds) + NumberText.mebibytes(load.generator.peakResidentBytes)])
        return ["", "### Load", ""] + table(["figure", "value"], rows, numeric: [])
    }

    private static func stepTable(_ report: RunReport) -> [String] {
        let isLoad = report.load != nil
        var header = isLoad ? [] : ["result"]
        header += ["flow / step", "requests", "ok", "failed", "p50", "p95", "p99", "max"]
        var rows: [[String]] = []
        for flow in report.flows {
            for step in flow.steps {
                // Load runs show latency from the intended send time, what a user on schedule saw.
                let latency = isLoad ? step.correctedLatency ?? step.latency : step.latency
                let timed = latency.count > 0
                var row = isLoad ? [] : [StepOutcome(step).label]
                row += ["\(flow.name) / \(step.name)", "\(step.requests)", "\(step.results[ResultCategory.ok.rawValue] ?? 0)", "\(step.failed)"]
                row += [latency.p50Ms, latency.p95Ms, latency.p99Ms, latency.maxMs].map { timed ? NumberText.milliseconds($0) : "-" }
                rows.append(row)
            }
        }
        let firstNumber = isLoad ? 1 : 2
        return table(header, rows, numeric: Set(firstNumber..<header.count))
    }

    /// A GitHub-flavoured table; `numeric` columns are right-aligned.
    private static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int>) -> [String] {
        let line = { (cells: [String]) in "| " + cells.map(\.markdownEscaped).joined(separator: " | ") + " |" }
        let rule = "|" + header.indices.map { numeric.contains($0) ? "---:|" : "---|" }.joined()
        return [line(header), rule] + rows.map(line)
    }
}
