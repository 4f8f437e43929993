import PreflightEngine
import PreflightReports

/// The go/no-go of a load run, in order of precedence: an interrupted run is incomplete (130);
/// an invalid run proves nothing about the target (3), whatever its thresholds say; a failed
/// threshold or an abort fails the gate (1); otherwise it passed (0). A threshold left unjudged
/// by an early stop is named among the reasons, never counted as passed.
public enum LoadVerdict {
    public static func decide(stopReason: StopReason?, validity: RunValidity, thresholds: [ThresholdResult]) -> Verdict {
        let failed = thresholds.filter { !$0.passed && $0.notJudged == nil }
        let unjudged = thresholds.compactMap { threshold in
            threshold.notJudged.map { "Not judged: \(threshold.expression), since \($0)." }
        }
        if stopReason == .interrupted {
            return Verdict(status: .interrupted, exitCode: 130, reasons: ["The run was interrupted before its schedule ended; its figures cover only the part that ran."])
        }
        if !validity.isValid {
            return Verdict(status: .invalid, exitCode: 3, reasons: validity.causes.map { "Invalid run: \($0)." })
        }
        var reasons = failed.map { "Threshold failed: \($0.summary)" } + unjudged
        // An abort always fails the gate: the run was cut short, whatever the final figures say.
        if case .aborted(let why) = stopReason { reasons.insert("Aborted early: \(why).", at: 0) }
        if !reasons.isEmpty {
            return Verdict(status: .failed, exitCode: 1, reasons: reasons)
        }
        let summary = thresholds.isEmpty
            ? "The run completed; the plan has no thresholds to gate on."
            : "All \(thresholds.count) thresholds passed."
        return Verdict(status: .passed, exitCode: 0, reasons: [summary])
    }
}
