import Foundation
import PreflightMetrics

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
