import ArgumentParser

/// `preflight`: executable checklists for go-live, one plan for the smoke step and the load test.
@main
struct PreflightCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Smoke and load tests from one declarative plan, with a verdict and an exit code.",
        discussion: """
            Exit codes: 0 passed, 1 a step or threshold failed, 2 invalid plan or usage \
            (nothing was sent), 3 invalid run (the generator could not hold the schedule), 130 interrupted.
            """,
        version: "0.1.0",
        subcommands: [ValidateCommand.self, SmokeCommand.self, RunCommand.self, ReportCommand.self, CompareCommand.self, DemoCommand.self, DemoTargetCommand.self]
    )
}
