import Foundation
import XCTest

/// The bundled plans must validate against docs/plan.schema.json, so editors that use the schema
/// never flag a plan the loader accepts.
final class PlanSchemaTests: XCTestCase {
    func testBundledPlansMatchTheSchema() throws {
        let plans = ["plans/demo-smoke.yaml", "plans/go-live.yaml", "benchmarks/bench.yaml"]
        let (status, message) = try Self.validate(plans)
        XCTAssertEqual(status, 0, message)
        for plan in plans {
            XCTAssertEqual(try CommandRunner.preflight(["validate", plan]).status, 0, "\(plan) loads too")
        }
    }

    /// `requestRate`, a profile key the loader accepts, is in the schema too (giving it with
    /// `rate` is refused by both), and so is the mapping form of `regressionRules`.
    func testARequestRateProfileMatchesTheSchemaAndLoads() throws {
        let directory = try makeScratchDirectory("plan-schema")
        func plan(_ name: String, profile: String, extra: String = "") throws -> String {
            let url = directory.appendingPathComponent(name)
            try """
                name: request rate
                targets: { api: "http://127.0.0.1:8080" }
                flows:
                  browse:
                    steps:
                      - { name: products, path: /api/products }
                      - { name: product, path: /api/products/p-1 }
                profiles:
                  load: \(profile)
                \(extra)
                """.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let good = try plan(
            "good.yaml", profile: "{ executor: constant-arrival-rate, requestRate: 220/s, duration: 5m }",
            extra: "regressionRules: { rules: [\"p95 +10%\"], minSamples: 50, noiseFloor: 2ms }"
        )
        let both = try plan("both.yaml", profile: "{ executor: constant-arrival-rate, rate: 100/s, requestRate: 220/s, duration: 5m }")
        let (status, message) = try Self.validate([good])
        XCTAssertEqual(status, 0, message)
        XCTAssertEqual(try CommandRunner.preflight(["validate", good]).status, 0)
        XCTAssertNotEqual(try Self.validate([both]).status, 0, "the schema refuses rate with requestRate")
        XCTAssertEqual(try CommandRunner.preflight(["validate", both]).status, 2, "and so does the loader")
    }

    /// Runs Python's jsonschema over `plans` with docs/plan.schema.json: its exit status and error output.
    private static func validate(_ plans: [String]) throws -> (status: Int32, message: String) {
        let root = CommandRunner.repositoryRoot
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
        return (process.terminationStatus, String(message.suffix(800)))
    }
}
