import Foundation
import ArgumentParser
import PreflightMetrics
import PreflightRun

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
        version: PreflightVersion.current,
        subcommands: [ValidateCommand.self, SmokeCommand.self, RunCommand.self, MergeCommand.self, ReportCommand.self, CompareCommand.self, DemoCommand.self, DemoTargetCommand.self]
    )

    /// Runs the command, reporting a bad command line with exit 2 like an invalid plan (nothing
    /// was sent either way) instead of ArgumentParser's 64, so pipelines have one code to test.
    static func main() async {
        // A closed pipe (`preflight smoke plan.yaml | head`) must not kill the run before it has
        // written its reports and exit status: writes to it fail quietly instead.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                Console.error(fullMessage(for: error))
                exit(withError: ExitCode(RunExit.invalidInput))
            }
            exit(withError: error)
        }
    }
}

extension ExitCode {
    /// ArgumentParser's exit code for one of ``RunExit``'s statuses.
    init(_ status: RunExit) {
        self.init(status.rawValue)
    }
}
