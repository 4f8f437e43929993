import PreflightPlan
import XCTest

/// `${NAME}` substitution at load time, from the injected environment only.
final class EnvironmentInterpolationTests: XCTestCase {
    /// The value of variable `v` after loading a plan that declares `v: <yaml>`.
    func value(_ yaml: String, _ environment: [String: String]) throws -> String? {
        let plan = try PlanTestSupport.load(
            PlanTestSupport.minimalPlan + "\nvariables:\n  v: \(yaml)", environment: environment)
        return plan.variables.first?.value
    }

    func testSubstitution() throws {
        let environment = ["USER": "ann", "EMPTY": "", "HOST": "db.internal"]
        let cases: [(String, String)] = [
            ("\"${USER}\"", "ann"),
            ("\"hi ${USER}!\"", "hi ann!"),
            ("\"${MISSING:-fallback}\"", "fallback"),
            ("\"${USER:-fallback}\"", "ann"),
            ("\"${EMPTY:-fallback}\"", "fallback"),
            ("\"[${EMPTY}]\"", "[]"),
            ("\"${MISSING:-}\"", ""),
            ("\"${MISSING:-${HOST:-x}}\"", "db.internal"),
            ("\"${MISSING:-${ALSO_MISSING:-x}}\"", "x"),
            ("\"${USER:-${NEVER_EVALUATED}}\"", "ann"),
            ("\"$${USER}\"", "${USER}"),
            ("\"cost: $5 and {{not env}}\"", "cost: $5 and {{not env}}"),
            ("${USER}", "ann"),
            ("'${USER}'", "ann"),
        ]
        for (yaml, expected) in cases {
            XCTAssertEqual(try value(yaml, environment), expected, yaml)
        }
    }

    func testTheProcessEnvironmentIsNotConsulted() {
        let name = ProcessInfo.processInfo.environment.keys.first { $0 == "PATH" } ?? "HOME"
        assertDiagnostics(PlanTestSupport.minimalPlan + "\nvariables:\n  v: \"${\(name)}\"", [
            ExpectedDiagnostic(10, 7, "environment variable '\(name)' is not set"),
        ])
    }

    func testProblems() {
        assertDiagnostics(PlanTestSupport.minimalPlan + #"""

            variables:
              a: "${A_UNSET}"
              b: x ${B-default}
              c: "${}"
              d: "${OK:-${INNER_UNSET}}"
            """#, [
            ExpectedDiagnostic(10, 7, "environment variable 'A_UNSET' is not set",
                               hint: "set A_UNSET, or give a default with '${A_UNSET:-default}'"),
            ExpectedDiagnostic(11, 8, "expected '}' or ':-' after '${B'"),
            ExpectedDiagnostic(12, 7, "invalid environment variable reference '${}'"),
            ExpectedDiagnostic(13, 13, "environment variable 'INNER_UNSET' is not set"),
        ])
    }

    func testKeysAreNotInterpolatedAndValuesKeepTheirTypes() throws {
        let plan = try PlanTestSupport.load("""
            name: "${PLAN_NAME}"
            targets: { api: "${API:-http://127.0.0.1:8080}" }
            flows:
              main:
                weight: ${WEIGHT:-2}
                steps:
                  - name: a
                    path: /
                    json:
                      count: ${COUNT}
                      label: "${COUNT}"
                      ${KEY}: 1
                    expect:
                      status: ${STATUS:-201}
            profiles:
              smoke:
                iterations: ${ITERATIONS:-3}
            """, environment: ["PLAN_NAME": "from env", "COUNT": "7"])
        XCTAssertEqual(plan.name, "from env")
        XCTAssertEqual(plan.flows.first?.weight, 2)
        let step = plan.flows.first?.steps.first
        XCTAssertEqual(step?.body, .json(.object([
            ("count", .number(7)), ("label", .string(Template(literal: "7"))), ("${KEY}", .number(1)),
        ])), "an unquoted value that becomes a number is a number; a quoted one stays a string")
        XCTAssertEqual(step?.expectations.first?.kind, .status(.exact(201)))
        XCTAssertEqual(plan.profiles["smoke"]?.executor, .smoke(iterations: 3))
    }

    func testAFailedReferenceIsReportedOnce() {
        assertDiagnostics("""
            name: t
            targets: { api: "${API_URL}" }
            variables: { user: "${USER_NAME}" }
            flows: { main: { steps: [ { name: a, path: "/{{user}}", timeout: "${TIMEOUT}", target: api } ] } }
            """, [
            ExpectedDiagnostic(2, 18, "environment variable 'API_URL' is not set"),
            ExpectedDiagnostic(3, 21, "environment variable 'USER_NAME' is not set"),
            ExpectedDiagnostic(4, 67, "environment variable 'TIMEOUT' is not set"),
        ])
    }
}
