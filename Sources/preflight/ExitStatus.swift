import ArgumentParser

/// The exit codes CI pipelines branch on; documented in `preflight --help` and the README.
enum ExitStatus {
    static let passed = ExitCode(0)
    static let failed = ExitCode(1)
    static let invalidPlan = ExitCode(2)
    static let invalidRun = ExitCode(3)
    static let interrupted = ExitCode(130)
}
