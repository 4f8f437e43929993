import PreflightMetrics
import Foundation
/// The side-by-side table `preflight compare` prints, then the steps too thin to judge, then the
/// regressions, an all-clear, or that nothing could be judged.
public enum ComparisonRenderer {
    public static func render(_ comparison: ReportComparison, rules: [RegressionRule]) -> String {
        let header = ["flow / step", "rate", "errors", "p50", "p95", "p99"]
        var rows: [[String]] = [header]
        for row in comparison.rows {
            func cell(_ figure: RegressionRule.Figure) -> String {
                switch (row.baseline, row.candidate) {
                case let (before?, after?):
                    let old = ReportComparison.value(figure, before)
                    let new = ReportComparison.value(figure, after)
                    return "\(ComparisonText.figure(old, figure)) -> \(ComparisonText.figure(new, figure)) (\(ComparisonText.change(old, new, figure)))"
                case (let before?, nil): return "\(ComparisonText.figure(ReportComparison.value(figure, before), figure)) -> missing"
                case (nil, let after?): return "new: \(ComparisonText.figure(ReportComparison.value(figure, after), figure))"
                case (nil, nil): return "-"
                }
            }
            rows.append(["\(row.flow) / \(row.step)", cell(.rate), cell(.errors), cell(.p50), cell(.p95), cell(.p99)])
        }
        var lines = TextTable.lines(rows)
        lines.append("")
        let floors = comparison.floors
        lines.append("rules: " + rules.map(\.text).joined(separator: ", ")
            + " (judged on steps with at least \(floors.minSamples) requests in each report; latency changes within \(NumberText.milliseconds(floors.noiseFloorMs)) are noise)")
        let unjudged = comparison.unjudged
        if !unjudged.isEmpty {
            lines.append("not judged:")
            lines += unjudged.map { "  - \($0.flow) / \($0.step): \($0.notJudged ?? "")" }
        }
        if comparison.judgedNothing, comparison.regressions.isEmpty {
            lines.append("NOT JUDGED: no step has \(floors.minSamples) requests in both reports; run longer or lower --min-samples (exit 2)")
        } else if comparison.regressions.isEmpty {
            lines.append("NO REGRESSION (exit 0)")
        } else {
            lines.append("REGRESSION (exit 1)")
            lines += comparison.regressions.map { "  - \($0.flow) / \($0.step): \($0.rule) broken: \($0.detail)" }
        }
        return lines.joined(separator: "\n")
    }
}

/// How compared figures and their changes read: `412 ms`, `0.20%`, `+21.0%`, `+0.50pp`.
enum ComparisonText {
    static func figure(_ value: Double, _ figure: RegressionRule.Figure) -> String {
        switch figure {
        case .errors: NumberText.percent(value / 100)
        case .rate: NumberText.perSecond(value)
        default: NumberText.milliseconds(value)
        }
    }

    static func change(_ old: Double, _ new: Double, _ figure: RegressionRule.Figure) -> String {
        if figure == .errors { return String(format: "%+.2fpp", new - old) }
        guard old > 0 else { return new > 0 ? "new" : "±0" }
        return String(format: "%+.1f%%", (new - old) / old * 100)
    }
}
