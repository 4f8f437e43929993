import PreflightMetrics

/// The table printed at the end of a run: one row per step, then the verdict.
public enum TerminalSummaryRenderer {
    public static func render(_ report: RunReport) -> String {
        let header = ["flow / step", "reqs", "ok", "fail", "skip", "p50", "p95", "p99", "max"]
        var rows: [[String]] = []
        for flow in report.flows {
            for step in flow.steps {
                let ok = step.results[ResultCategory.ok.rawValue] ?? 0
                let latency = step.latency
                let timed = latency.count > 0
                rows.append([
                    "\(flow.name) / \(step.name)", String(step.requests), String(ok), String(step.failed), String(step.skipped),
                    timed ? ms(latency.p50Ms) : "-", timed ? ms(latency.p95Ms) : "-", timed ? ms(latency.p99Ms) : "-", timed ? ms(latency.maxMs) : "-",
                ])
            }
        }
        var lines = table([header] + rows)
        lines.append("")
        lines.append("\(report.verdict.status.rawValue.uppercased()) (exit \(report.verdict.exitCode))")
        lines += report.verdict.reasons.map { "  - \($0)" }
        return lines.joined(separator: "\n")
    }

    private static func ms(_ value: Double) -> String {
        value >= 100 ? "\(Int(value.rounded())) ms" : String(format: "%.1f ms", value)
    }

    /// Left-aligned first column, right-aligned numbers, two spaces between columns.
    private static func table(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }
}

import Foundation
