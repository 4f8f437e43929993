import ArgumentParser
import PreflightRun
import Foundation
import PreflightPlan

/// How every command that reads a plan finds it and its environment.
struct PlanOptions: ParsableArguments {
    @Argument(help: "The plan file (YAML or JSON), or - to read it from standard input.")
    var plan: String

    /// The name diagnostics and report file names use: `stdin` for a plan read from standard input.
    var planName: String { plan == "-" ? "stdin" : plan }

    @Option(name: [.customShort("e"), .customLong("env")], help: ArgumentHelp("Set an environment variable for ${NAME} interpolation (repeatable).", valueName: "NAME=VALUE"))
    var environment: [String] = []

    /// The process environment with `--env` values on top.
    func mergedEnvironment(extra: [String: String] = [:]) throws -> [String: String] {
        var merged = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        for assignment in environment {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ValidationError("--env expects NAME=VALUE, got '\(assignment)'")
            }
            merged[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        return merged
    }

    /// Loads and validates the plan, printing every problem and exiting 2 when it is invalid.
    func load(extraEnvironment: [String: String] = [:]) throws -> (Plan, [UInt8]) {
        let loader = PlanLoader(environment: try mergedEnvironment(extra: extraEnvironment))
        do {
            if plan == "-" {
                let bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
                return (try loader.load(bytes: bytes, file: planName), bytes)
            }
            let loaded = try loader.load(contentsOf: plan)
            // Read again for the report's content hash; the loader has just read the same file.
            let bytes = FileManager.default.contents(atPath: plan).map(Array.init) ?? []
            return (loaded, bytes)
        } catch {
            for diagnostic in error.diagnostics { Console.error(diagnostic.description) }
            let count = error.diagnostics.count
            Console.error("\(count) problem\(count == 1 ? "" : "s") in \(planName); nothing was sent.")
            throw ExitCode(RunExit.invalidInput)
        }
    }
}
