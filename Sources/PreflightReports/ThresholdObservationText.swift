import PreflightMetrics

/// A threshold's observed value in the unit its expression implies (`612.0 ms`, `0.25%`,
/// `199.8/s`, `3`).
///
/// `ThresholdResult.observed` is stored normalized and without a unit, so the unit is recovered by
/// parsing the expression again, which the plan loader has already accepted once.
enum ThresholdObservationText {
    static func text(for result: ThresholdResult) -> String {
        guard let observed = result.observed else { return "no data" }
        guard observed.isFinite, case .success(let threshold) = ThresholdParser.parse(result.expression) else {
            return "\(observed)"
        }
        switch threshold.quantity {
        case .milliseconds: return NumberText.milliseconds(observed)
        case .fraction: return NumberText.percent(observed)
        case .perSecond: return NumberText.perSecond(observed)
        case .count: return observed.rounded() == observed && abs(observed) < 1e15 ? "\(Int64(observed))" : "\(observed)"
        }
    }
}
