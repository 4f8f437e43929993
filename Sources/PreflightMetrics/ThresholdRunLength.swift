/// Which thresholds a run that stopped early (an abort, an interrupt) can still judge.
///
/// A rate per second or a count means something only over the time the run was planned to last:
/// 60 requests in the 1.2 s before an abort say nothing about `requests rate >= 40/s` over 12 s,
/// and 3 errors in 1.2 s say nothing about `errors count < 10`. Such a threshold is not judged on a
/// stopped run unless what was seen already breaks it for good: counts only grow, so a count past
/// an upper bound stays past it however long the run would have gone on.
extension Threshold {
    /// Whether the observation depends on how long the run lasted: events per second and counts.
    public var dependsOnRunLength: Bool {
        quantity == .perSecond || quantity == .count
    }

    /// Whether `observed`, a count from part of a run, already fails this threshold whatever the
    /// rest of the run would have added. Never true for a rate, which can move either way.
    public func failsForGood(partialObservation observed: Double?) -> Bool {
        guard quantity == .count, let observed, observed.isFinite else { return false }
        switch comparator {
        case .less: return observed >= value
        case .lessOrEqual, .equal: return observed > value
        case .greater, .greaterOrEqual, .notEqual: return false
        }
    }
}
