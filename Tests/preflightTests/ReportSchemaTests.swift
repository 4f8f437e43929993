import Foundation
import PreflightDemoTarget
import XCTest

/// Every report the tool writes must validate against docs/report.schema.json, the contract
/// that CI tools and later versions read it by.
final class ReportSchemaTests: XCTestCase {
    func testSmokeAndLoadReportsValidate() async throws {
        let directory = try makeScratchDirectory("schema")
        // Half the API calls fail, so failure samples, categories and failed thresholds are all present.
        let target = try await DemoTarget.start(configuration: DemoTargetConfiguration(errorRate: 0.5))
        let plan = directory.appendingPathComponent("plan.yaml")
        try """
            name: schema
            targets: { api: "${API_URL}" }
            flows:
              browse:
                steps:
                  - { name: products, path: /api/products, expect: { status: 200 } }
            profiles:
              load: { executor: constant-arrival-rate, rate: 50/s, duration: 1s }
            thresholds:
              - "errors rate < 1%"
            """.write(to: plan, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("reports")
        let demo = try CommandRunner.preflight(["smoke", "plans/demo-smoke.yaml", "-e", "API_URL=\(target.baseURL)", "--out", out.path, "--quiet"])
        let load = try CommandRunner.preflight(["run", plan.path, "--profile", "load", "-e", "API_URL=\(target.baseURL)", "--out", out.path, "--quiet"])
        await target.stop()
        XCTAssertEqual(demo.status, 1, "half the API calls fail")
        XCTAssertEqual(load.status, 1, "the error threshold fails")
        try ReportFiles.validateAgainstSchema(out)
    }
}
