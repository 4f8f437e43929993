import Foundation
import XCTest

/// The bundled plans must validate against docs/plan.schema.json, so editors that use the schema
/// never flag a plan the loader accepts.
final class PlanSchemaTests: XCTestCase {
    func testBundledPlansMatchTheSchema() throws {
        let root = CommandRunner.repositoryRoot
        let plans = ["plans/demo-smoke.yaml", "plans/go-live.yaml", "benchmarks/bench.yaml"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.currentDirectoryURL = root
        process.arguments = [
            "python3", "-c",
            "import json, sys, yaml, jsonschema\nschema = json.load(open(sys.argv[1]))\nfor plan in sys.argv[2:]:\n    jsonschema.validate(yaml.safe_load(open(plan)), schema)",
            "docs/plan.schema.json",
        ] + plans
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, String(message.suffix(800)))
        for plan in plans {
            XCTAssertEqual(try CommandRunner.preflight(["validate", plan]).status, 0, "\(plan) loads too")
        }
    }
}
