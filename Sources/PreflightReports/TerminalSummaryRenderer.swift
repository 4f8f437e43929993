import Foundation
import PreflightMetrics

/// The summary printed at the end of a run: one row per step, the load figures and thresholds
/// when there are any, then the verdict.
public enum TerminalSummaryRenderer {
    public static func render(_ report: RunReport) -> String {
        let isLoad = report.load != nil
        let header = ["flow / step", "reqs", "ok", "fail", isLoad ? "rps" : "skip", "p50", "p95", "p99", "max"]
        var rows: [[String]] = []
        for flow in report.flows {
            for step in flow.steps {
                let ok = step.results[ResultCategory.ok.rawValue] ?? 0
                // Load runs show latency from the intended send time: what users on schedule saw.
                let latency = step.correctedLatency ?? step.latency
                let timed = latency.count > 0
                let fourth = report.load.map { String(format: "%.1f", $0.perSecond(step.requests)) } ?? String(step.skipped)
                rows.append([
                    "\(flow.name) / \(step.name)", String(step.requests), String(ok), String(step.failed), fourth,
                    timed ? ms(latency.p50Ms) : "-", timed ? ms(latency.p95Ms) : "-", timed ? ms(latency.p99Ms) : "-", timed ? ms(latency.maxMs) : "-",
                ])
            }
        }
        var lines = TextTable.lines([header] + rows)
        if let load = report.load { lines += loadLines(load) }
        if let thresholds = report.thresholds, !thresholds.isEmpty {
            lines.append("")
            lines.append("thresholds:")
            lines += thresholds.map { "  \($0.label)  \($0.summary)" }
        }
        if let connection = report.run.connection, connection.changesWhatWasTested {
            lines.append("")
            lines.append("connections: \(connection.summary)")
        }
        lines.append("")
        lines.append("\(report.verdict.status.rawValue.uppercased()) (exit \(report.verdict.exitCode))")
        lines += report.verdict.reasons.map { "  - \($0)" }
        return lines.joined(separator: "\n")
    }

    private static func loadLines(_ load: LoadSection) -> [String] {
        let schedule = load.schedule
        let overall = load.overall
        var lines = [""]
        lines.append("load: \(load.executor); \(load.model) model; ran \(String(format: "%.1f", load.elapsedSeconds)) s")
        if load.model == "open" {
            let rates = String(format: "target %.1f iterations/s, achieved %.1f/s", schedule.targetRate, schedule.achievedStartRate)
            lines.append("schedule: \(rates); \(schedule.startedIterations) started, \(schedule.droppedIterations) dropped; scheduler lag p99 \(ms(schedule.lag.p99Ms))")
        }
        lines.append("run validity: " + validityText(load.validity))
        let corrected = [overall.correctedLatency.p50Ms, overall.correctedLatency.p95Ms, overall.correctedLatency.p99Ms].map(ms).joined(separator: " / ")
        let service = [overall.serviceLatency.p50Ms, overall.serviceLatency.p95Ms, overall.serviceLatency.p99Ms].map(ms).joined(separator: " / ")
        lines.append("requests: \(overall.requests) (\(String(format: "%.1f", overall.requestRate))/s), \(overall.failures) failed; latency p50/p95/p99 \(corrected) (service time \(service))")
        let failures = overall.results.filter { $0.key != ResultCategory.ok.rawValue }.sorted { $0.key < $1.key }
        if !failures.isEmpty {
            lines.append("failures by category: " + failures.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if schedule.unfinishedIterations > 0 {
            lines.append("unfinished: \(schedule.unfinishedIterations) iterations were still running when the drain timed out; their last requests are not counted")
        }
        lines.append(String(format: "generator: %.2f CPU s, peak memory %.1f MiB", load.generator.cpuSeconds, Double(load.generator.peakResidentBytes) / 1_048_576))
        return lines
    }

    private static func validityText(_ validity: ValidityReport) -> String {
        if let reason = validity.notJudged { return "\(validity.label): \(reason)" }
        return validity.valid ? "\(validity.label): the generator held its schedule" : "\(validity.label): " + validity.causes.joined(separator: "; ")
    }

    private static func ms(_ value: Double) -> String {
        NumberText.milliseconds(micros: Int64((value * 1000).rounded()))
    }
}
