import PreflightEngine
import PreflightMetrics
import PreflightReports

/// What a load run that ended before its schedule (an abort, an interrupt) can still judge.
///
/// Latencies and error shares of the part that ran are what they are, and are judged. A rate per
/// second or a count is not: it means something only over the planned time, so on a stopped run
/// it is marked not judged, with the stop in words, unless what ran already broke it for good (a
/// count past its upper bound, or a window that failed). Validity is not judged either when the
/// part that ran broke no criterion: a generator that held 1.2 s of a 12 s schedule has not shown
/// it would hold the rest. Either way `passed` and `valid` stay false, so nothing reads as green.
enum StoppedRunJudgement {
    /// The report's result for one threshold; `stoppedEarly` is the stop in words, nil for a run
    /// that ran its whole schedule.
    static func threshold(
        _ entry: ThresholdMonitor.Entry, _ outcome: ThresholdOutcome, failedInAWindow: Bool, stoppedEarly: String?
    ) -> ThresholdResult {
        let threshold = entry.threshold
        var result = ThresholdResult(
            expression: threshold.source, observed: outcome.observed, passed: outcome.passed,
            summary: outcome.summary, abortOnFail: entry.abortOnFail, unit: threshold.quantity
        )
        guard let stoppedEarly, threshold.dependsOnRunLength, !failedInAWindow,
              !threshold.failsForGood(partialObservation: outcome.observed)
        else { return result }
        result.passed = false
        result.notJudged = stoppedEarly
        result.summary = outcome.summary(notJudged: stoppedEarly)
        return result
    }

    /// The report's validity: as judged, except that a stopped run that broke no criterion is not judged.
    static func validity(_ validity: RunValidity, stoppedEarly: String?) -> ValidityReport {
        guard let stoppedEarly, validity.isValid else { return ValidityReport(valid: validity.isValid, causes: validity.causes) }
        return ValidityReport(valid: false, causes: [], notJudged: stoppedEarly)
    }
}

extension LoadRunResult {
    /// `the run was aborted after 1.2 s of 12.0 s`, or nil when the schedule ran to its end.
    var stopSentence: String? {
        stopReason.map { RunStop.sentence(RunStop($0).kind, afterSeconds: offeredSeconds, plannedSeconds: executor.plannedSeconds) }
    }
}
