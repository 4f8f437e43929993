import ArgumentParser

/// The exit codes CI pipelines branch on; documented in `preflight --help` and the README.
enum ExitStatus {
    static let passed = ExitCode(0)
    static let failed = ExitCode(1)
    /// Also a bad command line: nothing was sent either way. Invalid (3) and interrupted (130)
    /// runs come from the report's verdict, decided in the reports layer.
    static let invalidPlan = ExitCode(2)
}
