import Foundation
import PreflightMetrics

/// How compared figures and their changes read: `412.0 ms`, `0.20%`, `+21.0%`, `+0.50pp`.
enum ComparisonText {
    static func figure(_ value: Double, _ figure: RegressionRule.Figure) -> String {
        switch figure {
        case .errors: String(format: "%.2f%%", value)
        case .rate: String(format: "%.1f/s", value)
        default: value >= 100 ? String(format: "%.0f ms", value) : String(format: "%.1f ms", value)
        }
    }

    static func change(_ old: Double, _ new: Double, _ figure: RegressionRule.Figure) -> String {
        if figure == .errors { return String(format: "%+.2fpp", new - old) }
        guard old > 0 else { return new > 0 ? "new" : "±0" }
        return String(format: "%+.1f%%", (new - old) / old * 100)
    }
}
