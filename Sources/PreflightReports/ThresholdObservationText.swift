import PreflightMetrics

/// A threshold's observed value in the unit its expression implies (`612.0 ms`, `0.25%`,
/// `199.8/s`, `3`).
///
/// `ThresholdResult.observed` is stored normalized, with its unit beside it; only a report saved
/// before the unit was recorded has the unit recovered from its expression.
enum ThresholdObservationText {
    static func text(for result: ThresholdResult) -> String {
        guard let observed = result.observed else { return "no data" }
        guard observed.isFinite else { return "\(observed)" }
        if let unit = result.unit { return unit.format(observed) }
        guard case .success(let threshold) = ThresholdParser.parse(result.expression) else { return "\(observed)" }
        return threshold.quantity.format(observed)
    }
}
