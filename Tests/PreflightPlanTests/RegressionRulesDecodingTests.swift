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
}
