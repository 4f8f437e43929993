/// The exit statuses CI pipelines branch on, defined once for every command and documented in
/// `preflight --help` and the README.
public enum RunExit: Int32, Sendable, CaseIterable {
    /// Every step (smoke) or threshold (load) passed.
    case passed = 0
    /// A step or threshold failed, an `abortOnFail` threshold ended the run, or a run that would
    /// have passed could not write its report.
    case failed = 1
    /// The plan, the command line or a report destination is unusable; nothing was sent.
    case invalidInput = 2
    /// The load run could not hold its schedule, so it proves nothing about the target.
    case invalidRun = 3
    /// SIGINT, SIGTERM or SIGHUP: in-flight requests finished and the report was written.
    case interrupted = 130

    /// The status of a run whose verdict asks for `verdict`: a run that passed but lost its
    /// evidence fails, so a CI gate never passes without its report.
    public static func of(verdict: Int32, evidenceWritten: Bool) -> Int32 {
        verdict == RunExit.passed.rawValue && !evidenceWritten ? RunExit.failed.rawValue : verdict
    }
}
