import PreflightPlan
import XCTest

final class RegressionRulesDecodingTests: XCTestCase {
    private let plan = """
        name: t
        targets: { api: http://127.0.0.1:8080 }
        flows:
          f:
            steps:
              - { name: s, path: / }
        regressionRules:

        """

    func testRulesLoadAndBadOnesArePointedAt() throws {
        XCTAssertEqual(try PlanTestSupport.load(plan + "  - p95 +10%\n  - errors +0.5pp\n").regressionRules.map(\.description), ["p95 +10%", "errors +0.5pp"])
        let diagnostics = PlanTestSupport.diagnostics(plan + "  - p95 +10%\n  - p96 +10%\n  - errors +5ms\n")
        XCTAssertEqual(diagnostics.map(\.location), [SourceLocation(line: 9, column: 5), SourceLocation(line: 10, column: 5)], "\(diagnostics)")
        XCTAssertTrue(diagnostics[0].message.contains("unknown figure 'p96'"), diagnostics[0].message)
    }

    func testAMappingAlsoSetsTheFloors() throws {
        let loaded = try PlanTestSupport.load(plan + "  rules: [\"p95 +10%\"]\n  minSamples: 50\n  noiseFloor: 2ms\n")
        XCTAssertEqual(loaded.regressionRules.map(\.description), ["p95 +10%"])
        XCTAssertEqual(loaded.regressionMinSamples, 50)
        XCTAssertEqual(loaded.regressionNoiseFloor, .milliseconds(2))
        XCTAssertNil(try PlanTestSupport.load(plan + "  - p95 +10%\n").regressionMinSamples, "a list sets no floor")
        let diagnostics = PlanTestSupport.diagnostics(plan + "  rules: [\"p95 +10%\"]\n  minSample: 50\n  noiseFloor: 2\n")
        XCTAssertEqual(diagnostics.map(\.location.line), [9, 10], "\(diagnostics)")
        XCTAssertTrue(diagnostics[0].hint?.contains("minSamples") == true, "\(diagnostics[0])")
    }
}
