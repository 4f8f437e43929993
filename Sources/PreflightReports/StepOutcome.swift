/// What a smoke step amounted to over its iterations, for the checklist and the JUnit test case.
///
/// A step that failed once failed: a smoke test is a gate, and one bad response in three is a
/// deploy problem. Load runs do not judge steps one by one; their thresholds do.
enum StepOutcome: Equatable {
    case passed
    case failed
    /// Never sent because its flow stopped at an earlier step (which failed, or the run was stopped).
    case skipped
    /// Neither sent nor skipped: the run stopped before reaching it.
    case notRun

    init(_ step: StepReport) {
        if step.failed > 0 {
            self = .failed
        } else if step.requests > 0 {
            self = .passed
        } else if step.skipped > 0 {
            self = .skipped
        } else {
            self = .notRun
        }
    }

    /// The word in the checklist and the Markdown table.
    var label: String {
        switch self {
        case .passed: "PASS"
        case .failed: "FAIL"
        case .skipped: "SKIP"
        case .notRun: "NOT RUN"
        }
    }

    /// Why a step has no result of its own.
    var explanation: String? {
        switch self {
        case .passed, .failed: nil
        case .skipped: "not sent: its flow stopped at an earlier step"
        case .notRun: "not sent: the run stopped before this step"
        }
    }
}
