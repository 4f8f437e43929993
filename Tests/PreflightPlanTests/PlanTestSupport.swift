import PreflightPlan
import XCTest

/// Loading helpers shared by the plan tests.
enum PlanTestSupport {
    static let file = "plans/test.yaml"

    /// A plan that loads cleanly; tests add or change lines to provoke one problem at a time.
    static let minimalPlan = """
        name: minimal
        targets:
          api: http://127.0.0.1:8080
        flows:
          main:
            steps:
              - name: first
                path: /health
        """

    static func load(_ text: String, environment: [String: String] = [:]) throws -> Plan {
        try PlanLoader(environment: environment).load(text: text, file: file)
    }

    /// The diagnostics loading `text` produces; fails the test when the plan loads.
    static func diagnostics(
        _ text: String, environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line
    ) -> [PlanDiagnostic] {
        do {
            _ = try PlanLoader(environment: environment).load(text: text, file: Self.file)
            XCTFail("expected the plan to be rejected", file: file, line: line)
            return []
        } catch {
            return error.diagnostics
        }
    }
}

/// One expected diagnostic: where, and text its message (and hint) must contain.
struct ExpectedDiagnostic: CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String
    var hint: String?

    init(_ line: Int, _ column: Int, _ message: String, hint: String? = nil) {
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    func matches(_ diagnostic: PlanDiagnostic) -> Bool {
        diagnostic.location == SourceLocation(line: line, column: column)
            && diagnostic.message.contains(message)
            && (hint.map { diagnostic.hint?.contains($0) == true } ?? true)
    }

    var description: String { "\(line):\(column) \(message)" + (hint.map { " [hint: \($0)]" } ?? "") }
}

extension XCTestCase {
    /// Asserts that loading `text` yields exactly the expected diagnostics, in order.
    func assertDiagnostics(
        _ text: String, environment: [String: String] = [:], _ expected: [ExpectedDiagnostic],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let actual = PlanTestSupport.diagnostics(text, environment: environment, file: file, line: line)
        let matched = actual.count == expected.count && zip(expected, actual).allSatisfy { $0.matches($1) }
        XCTAssertTrue(
            matched,
            "expected:\n" + expected.map(\.description).joined(separator: "\n")
                + "\nactual:\n" + actual.map(\.description).joined(separator: "\n"),
            file: file, line: line)
    }
}
