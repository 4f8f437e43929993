import PreflightPlan
import XCTest

/// Plans that must be rejected, each with the exact position and wording of every problem.
final class PlanDiagnosticsTests: XCTestCase {
    /// Lines 1–6 of most cases; the steps that follow start on line 7, with `name` at column 9.
    static let header = """
        name: t
        targets:
          api: http://127.0.0.1:8080
        flows:
          main:
            steps:

        """

    func withSteps(_ steps: String) -> String { Self.header + steps }

    func testUnknownKeysSuggestTheNearestAllowedKey() {
        assertDiagnostics(withSteps("""
                  - name: first
                    path: /health
                    expct:
                      stauts: 200
            """), [
            ExpectedDiagnostic(9, 9, "unknown key 'expct' in step 'first'", hint: "did you mean 'expect'?"),
        ])
        assertDiagnostics(withSteps("""
                  - name: first
                    path: /health
                    expect:
                      stauts: 200
                      json: { $.id: { exits: true } }
            """), [
            ExpectedDiagnostic(10, 11, "unknown key 'stauts' in 'expect'", hint: "did you mean 'status'?"),
            ExpectedDiagnostic(11, 27, "unknown key 'exits' in JSON check '$.id'", hint: "did you mean 'exists'?"),
        ])
    }

    func testUnknownKeysWithoutANearMatchListTheAllowedKeys() {
        assertDiagnostics(PlanTestSupport.minimalPlan + "\ncolour: blue\ndefaults:\n  timeout: { total: 1s }", [
            ExpectedDiagnostic(9, 1, "unknown key 'colour' in the plan", hint: "allowed keys: name, targets, defaults"),
            ExpectedDiagnostic(11, 3, "unknown key 'timeout' in 'defaults'", hint: "did you mean 'timeouts'?"),
        ])
    }

    func testAliasesWorkButMergeKeysAreReported() throws {
        let plan = try PlanTestSupport.load(withSteps("""
                  - name: a
                    path: /a
                    headers: &team { X-Team: pos }
                  - name: b
                    path: /b
                    headers: *team
            """))
        XCTAssertEqual(plan.flows.first?.steps[1].headers, [Header(name: "X-Team", value: Template(literal: "pos"))])
        assertDiagnostics(withSteps("""
                  - name: a
                    path: /a
                    <<: { method: POST }
            """), [
            ExpectedDiagnostic(9, 9, "unknown key '<<' in step 'a'", hint: "merge keys are not supported"),
        ])
    }

    func testWrongTypes() {
        assertDiagnostics("""
            name: t
            targets: [http://127.0.0.1:8080]
            flows:
              main:
                weight: heavy
                steps:
                  - name: first
                    path: /health
                    headers: [Accept]
                    expect: 200
            """, [
            ExpectedDiagnostic(2, 10, "'targets' must be a mapping, found a list"),
            ExpectedDiagnostic(5, 13, "'weight' must be a number greater than 0, found 'heavy'"),
            ExpectedDiagnostic(9, 18, "'headers' must be a mapping, found a list"),
            ExpectedDiagnostic(10, 17, "'expect' must be a mapping, found '200'"),
        ])
        assertDiagnostics("""
            name: [t]
            targets: { api: http://127.0.0.1:8080 }
            flows: { main: { steps: { name: first } } }
            """, [
            ExpectedDiagnostic(1, 7, "'name' must be a string, found a list"),
            ExpectedDiagnostic(3, 25, "'steps' must be a list, found a mapping"),
        ])
    }

    func testMissingRequiredKeysPointAtTheParent() {
        assertDiagnostics("""
            defaults: {}
            """, [
            ExpectedDiagnostic(1, 1, "missing required key 'name' in the plan"),
            ExpectedDiagnostic(1, 1, "missing required key 'targets' in the plan"),
            ExpectedDiagnostic(1, 1, "missing required key 'flows' in the plan"),
        ])
        assertDiagnostics(withSteps("""
                  - path: /health
                  - name: second
                    method: GET
              other: {}
            """), [
            ExpectedDiagnostic(7, 9, "missing required key 'name' in step 1 of flow 'main'"),
            ExpectedDiagnostic(8, 9, "missing required key 'path' (or 'url') in step 'second'"),
            ExpectedDiagnostic(10, 3, "missing required key 'steps' in flow 'other'"),
        ])
    }

    func testTargetURLsAreCheckedAfterInterpolation() {
        assertDiagnostics("""
            name: t
            targets:
              a: localhost:8080
              b: ftp://files.example.com
              c: "${C_URL:-http://}"
              d: "http://{{host}}"
            defaults: { target: a }
            flows: { main: { steps: [ { name: s, path: / } ] } }
            """, [
            ExpectedDiagnostic(3, 6, "invalid URL 'localhost:8080' for target 'a': it has no scheme",
                               hint: "http://localhost:8080"),
            ExpectedDiagnostic(4, 6, "invalid URL 'ftp://files.example.com' for target 'b': only http and https"),
            ExpectedDiagnostic(5, 6, "invalid URL 'http://' for target 'c': it has no host"),
            ExpectedDiagnostic(6, 6, "target 'd' cannot use '{{...}}' placeholders", hint: "${API_URL}"),
        ])
        XCTAssertNoThrow(try PlanTestSupport.load(PlanTestSupport.minimalPlan.replacingOccurrences(
            of: "http://127.0.0.1:8080", with: "${C_URL:-http://}"), environment: ["C_URL": "https://ok.example.com"]))
    }

    func testAbsoluteURLs() {
        assertDiagnostics(withSteps("""
                  - name: a
                    url: "ftp://example.com/x"
                  - name: b
                    url: "example.com/{{$uuid}}"
                  - name: c
                    target: api
                    url: https://example.com/
                  - name: d
                    path: https://example.com/
                  - name: e
                    path: health
                    url: /x
                  - name: f
                    url: "https://{{$uuid}}.example.com"
                  - name: g
                    url: "HTTPS://example.com"
                  - name: h
                    url: "https:///nohost"
            """), [
            ExpectedDiagnostic(8, 14, "invalid URL 'ftp://example.com/x' for 'url': it must start with http:// or https://"),
            ExpectedDiagnostic(10, 14, "invalid URL 'example.com/{{$uuid}}' for 'url': it must start with http://"),
            ExpectedDiagnostic(12, 9, "step 'c' has both 'url' and 'target'"),
            ExpectedDiagnostic(15, 15, "'path' must be relative to the target", hint: "use 'url:'"),
            ExpectedDiagnostic(18, 14, "step 'e' has both 'path' and 'url'"),
            ExpectedDiagnostic(22, 14, "invalid URL 'HTTPS://example.com' for 'url': it must start with http://"),
            ExpectedDiagnostic(24, 14, "invalid URL 'https:///nohost' for 'url': it has no host"),
        ])
    }

    func testDurationsAndRates() {
        assertDiagnostics(withSteps("""
                  - name: a
                    path: /
                    timeout: 5
                    expect: { maxDuration: 2 seconds }
            profiles:
              load: { executor: constant-arrival-rate, rate: 200, duration: 0s }
              soak: { executor: constant-vus, vus: 0, duration: 1m, thinkTime: fast }
              ramp: { executor: ramping-arrival-rate, stages: [ { target: 10/sec, duration: 1m } ] }
            """), [
            ExpectedDiagnostic(9, 18, "invalid duration '5' for 'timeout'", hint: "add a unit, such as '5s' or '5ms'"),
            ExpectedDiagnostic(10, 32, "invalid duration '2 seconds' for 'maxDuration'", hint: "250ms, 1.5s or 1m30s"),
            ExpectedDiagnostic(12, 50, "invalid rate '200' for 'rate'", hint: "add a unit, such as '200/s'"),
            ExpectedDiagnostic(12, 65, "'duration' must be longer than 0"),
            ExpectedDiagnostic(13, 40, "'vus' must be at least 1, found 0"),
            ExpectedDiagnostic(13, 68, "invalid duration 'fast' for 'thinkTime'"),
            ExpectedDiagnostic(14, 63, "invalid rate '10/sec' for 'target'"),
        ])
    }

    func testMethodsAndStatuses() {
        assertDiagnostics(withSteps("""
                  - name: a
                    method: FETCH
                    path: /
                    expect: { status: 600 }
                  - name: b
                    method: post
                    path: /
                    expect: { status: ok }
                  - name: c
                    path: /
                    expect: { status: 6xx }
                  - name: d
                    path: /
                    expect: { status: [200, 200.5] }
            """), [
            ExpectedDiagnostic(8, 17, "unknown HTTP method 'FETCH'", hint: "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"),
            ExpectedDiagnostic(10, 27, "status 600 is outside 100–599"),
            ExpectedDiagnostic(12, 17, "unknown HTTP method 'post'", hint: "methods are upper case: 'POST'"),
            ExpectedDiagnostic(14, 27, "invalid status 'ok'", hint: "a class such as 2xx"),
            ExpectedDiagnostic(17, 27, "invalid status class '6xx'", hint: "1xx, 2xx, 3xx, 4xx or 5xx"),
            ExpectedDiagnostic(20, 33, "invalid status '200.5'"),
        ])
    }

    func testRegexesJSONPathsAndTypes() {
        assertDiagnostics(withSteps(#"""
                  - name: a
                    path: /
                    expect:
                      headers: { Location: { matches: "(unclosed" } }
                      json:
                        $.items[0: { type: array }
                        $.name: { type: strng }
                        $.total: { type: integer }
                      body: { matches: "[a-" }
                    capture:
                      id: { regex: "id-(\\d+)", group: 2 }
                      at: { json: "$..id" }
            """#), [
            ExpectedDiagnostic(10, 43, "invalid regular expression '(unclosed' in 'matches'"),
            ExpectedDiagnostic(12, 20, "invalid JSON path '$.items[0' in 'expect.json': unclosed '['"),
            ExpectedDiagnostic(13, 29, "unknown JSON type 'strng'", hint: "did you mean 'string'?"),
            ExpectedDiagnostic(14, 30, "unknown JSON type 'integer'", hint: "string, number, boolean, object, array, null"),
            ExpectedDiagnostic(15, 28, "invalid regular expression '[a-'"),
            ExpectedDiagnostic(17, 44, "'group' must be from 0 to 1, found 2"),
            ExpectedDiagnostic(18, 26, "invalid JSON path '$..id' in capture 'at': expected a key at '.'",
                               hint: "only member and index access are supported"),
        ])
    }

    func testUndefinedTargets() {
        assertDiagnostics("""
            name: t
            targets:
              api: http://127.0.0.1:8080
              auth: http://127.0.0.1:8081
            defaults: { target: apx }
            flows:
              main:
                steps:
                  - name: a
                    target: auht
                    path: /
            """, [
            ExpectedDiagnostic(5, 21, "unknown target 'apx'", hint: "did you mean 'api'?"),
            ExpectedDiagnostic(10, 17, "unknown target 'auht'", hint: "did you mean 'auth'?"),
        ])
        assertDiagnostics("""
            name: t
            targets:
              api: http://127.0.0.1:8080
              auth: http://127.0.0.1:8081
            flows: { main: { steps: [ { name: a, path: /, target: zzz } ] } }
            """, [
            ExpectedDiagnostic(2, 1, "'defaults.target' is required when the plan has several targets",
                               hint: "naming one of: api, auth"),
            ExpectedDiagnostic(5, 55, "unknown target 'zzz'", hint: "defined targets: api, auth"),
        ])
    }

    func testTemplateErrorsPointInsideTheValue() {
        assertDiagnostics(withSteps("""
                  - name: a
                    path: "/orders/{{orderId"
                    headers: { X-Id: "{{$uid}}", X-N: "n={{$randomInt(10,1)}}", X-E: "{{ }}" }
                    body: "{{1abc}}"
            """), [
            ExpectedDiagnostic(8, 24, "unclosed '{{' (in 'path')", hint: "close the placeholder with '}}'"),
            ExpectedDiagnostic(9, 29, "unknown generator '$uid' (in header 'X-Id')", hint: "did you mean '$uuid'?"),
            ExpectedDiagnostic(9, 48, "bad '$randomInt' range: the lower bound 10 is greater than the upper bound 1",
                               hint: "'$randomInt(1,10)'"),
            ExpectedDiagnostic(9, 75, "empty placeholder '{{}}' (in header 'X-E')"),
            ExpectedDiagnostic(10, 18, "invalid variable name '1abc' (in 'body')", hint: "do not start with a digit"),
        ])
    }

    func testVariableScopes() {
        assertDiagnostics("""
            name: t
            targets: { api: http://127.0.0.1:8080 }
            variables: { user: cashier }
            flows:
              checkout:
                steps:
                  - name: login
                    path: "/login/{{usr}}?t={{token}}"
                    capture: { token: { json: $.token } }
                  - name: order
                    path: "/orders/{{orderId}}"
                    headers: { Authorization: "Bearer {{token}}" }
                  - name: pay
                    path: /pay
                    capture: { orderId: { json: $.id } }
              report:
                steps:
                  - name: receipt
                    path: "/receipt/{{orderId}}?by={{user}}"
            """, [
            ExpectedDiagnostic(8, 23, "undefined variable 'usr'", hint: "did you mean 'user'?"),
            ExpectedDiagnostic(8, 33, "'token' is used before it is captured: it is captured by this same step"),
            ExpectedDiagnostic(11, 24, "'orderId' is used before it is captured: it is captured by the later step 'pay'",
                               hint: "only to the steps after the one that captures it"),
            ExpectedDiagnostic(19, 25, "'orderId' is not defined in flow 'report'", hint: "captured in flow 'checkout'"),
        ])
    }

    func testDefaultHeadersMayOnlyUsePlanVariables() {
        assertDiagnostics("""
            name: t
            targets: { api: http://127.0.0.1:8080 }
            defaults: { headers: { Authorization: "Bearer {{token}}", X-Who: "{{nobody}}" } }
            flows:
              main:
                steps:
                  - { name: login, path: /login, capture: { token: { json: $.token } } }
            """, [
            ExpectedDiagnostic(3, 47, "'defaults.headers' uses 'token', which is not a plan variable",
                               hint: "set this header on the steps that run after it"),
            ExpectedDiagnostic(3, 67, "'defaults.headers' uses 'nobody'", hint: "declare it under 'variables'"),
        ])
    }

    func testUnsetEnvironmentVariableWithoutDefault() {
        assertDiagnostics("""
            name: t
            targets: { api: "${API_URL}" }
            variables: { user: "id-${POS_USER}", pass: "${POS_PASSWORD:-x}", bad: "${POS_USER" }
            flows: { main: { steps: [ { name: a, path: / } ] } }
            """, [
            ExpectedDiagnostic(2, 18, "environment variable 'API_URL' is not set",
                               hint: "set API_URL, or give a default with '${API_URL:-default}'"),
            ExpectedDiagnostic(3, 24, "environment variable 'POS_USER' is not set"),
            ExpectedDiagnostic(3, 72, "unclosed '${'", hint: "'$${' for a literal '${'"),
        ])
    }

    func testSecretsMustNameVariablesOrCaptures() {
        assertDiagnostics("""
            name: t
            targets: { api: http://127.0.0.1:8080 }
            variables: { password: x }
            secrets: [password, tokn, apiKey]
            flows: { main: { steps: [ { name: a, path: /, capture: { token: { header: X-Token } } } ] } }
            """, [
            ExpectedDiagnostic(4, 21, "secret 'tokn' is neither a variable, a capture nor a data column", hint: "did you mean 'token'?"),
            ExpectedDiagnostic(4, 27, "secret 'apiKey' is neither a variable, a capture nor a data column", hint: "'variables'"),
        ])
    }

    func testDuplicateNames() {
        assertDiagnostics(withSteps("""
                  - name: login
                    path: /a
                  - name: login
                    path: /b
            """), [
            ExpectedDiagnostic(9, 15, "duplicate step name 'login' in flow 'main'", hint: "the first is on line 7"),
        ])
        assertDiagnostics("""
            name: t
            targets: { api: http://127.0.0.1:8080 }
            flows:
              main:
                steps: [ { name: a, path: / } ]
              # the same flow again
              main:
                steps: [ { name: b, path: / } ]
            """, [
            ExpectedDiagnostic(7, 3, "duplicate key 'main'", hint: "the first 'main' is on line 4"),
        ])
    }

    func testOneBodyPerStep() {
        assertDiagnostics(withSteps("""
                  - name: a
                    method: POST
                    path: /
                    json: { a: 1 }
                    form: { b: 2 }
                    body: raw
            """), [
            ExpectedDiagnostic(11, 9, "step 'a' has both 'json' and 'form'; a request has one body"),
            ExpectedDiagnostic(12, 9, "step 'a' has both 'json' and 'body'"),
        ])
    }

    func testProfilesAndThresholds() {
        assertDiagnostics(PlanTestSupport.minimalPlan + """

            profiles:
              load: { rate: 10/s, duration: 1m }
              spike: { executor: constant-arival-rate }
              soak: { executor: constant-vus, vus: 5, duration: 1m, rate: 10/s }
              smoke: { iterations: 0 }
            thresholds:
              - "http_req_duration p95 < 500ms"
              - [errors]
              - { abortOnFail: yes }
            """, [
            ExpectedDiagnostic(10, 3, "missing required key 'executor' in profile 'load'"),
            ExpectedDiagnostic(11, 22, "unknown executor 'constant-arival-rate'", hint: "did you mean 'constant-arrival-rate'?"),
            ExpectedDiagnostic(12, 57, "'rate' does not apply to the constant-vus executor", hint: "vus, duration, thinkTime"),
            ExpectedDiagnostic(13, 24, "'iterations' must be at least 1, found 0"),
            ExpectedDiagnostic(16, 5, "a threshold must be a string or a mapping, found a list"),
            ExpectedDiagnostic(17, 5, "missing required key 'expression' in a threshold"),
        ])
    }

    func testEveryProblemInAFileIsReportedInOrder() {
        let diagnostics = PlanTestSupport.diagnostics("""
            name: t
            targets: { api: "http://127.0.0.1:8080", auth: localhost }
            defaults: { target: api, timeouts: { total: 10 } }
            flows:
              main:
                steps:
                  - name: a
                    methd: GET
                    path: "/{{missing}}"
                    expect: { status: 99 }
            """)
        XCTAssertEqual(diagnostics.map(\.location), [
            SourceLocation(line: 2, column: 48), SourceLocation(line: 3, column: 45), SourceLocation(line: 8, column: 9),
            SourceLocation(line: 9, column: 17), SourceLocation(line: 10, column: 27),
        ])
        XCTAssertEqual(diagnostics.map(\.file), Array(repeating: PlanTestSupport.file, count: 5))
    }

    func testYAMLSyntaxErrorsAreOneDiagnosticAtTheReportedPosition() {
        assertDiagnostics("name: t\ntargets:\n  api: http://x\n  bad: [1, 2\nflows: {}\n", [
            ExpectedDiagnostic(5, 6, "invalid YAML"),
        ])
        assertDiagnostics("name: t\nflows:\n\tmain: {}\n", [
            ExpectedDiagnostic(3, 1, "invalid YAML", hint: "indent with spaces"),
        ])
        assertDiagnostics("# nothing but a comment\n", [ExpectedDiagnostic(1, 1, "the plan is empty")])
        assertDiagnostics("- a\n- b\n", [ExpectedDiagnostic(1, 1, "the plan must be a mapping, found a list")])
    }

    func testDiagnosticDescriptionIsEditorFriendly() {
        let diagnostic = PlanDiagnostic(
            file: "plans/x.yaml", location: SourceLocation(line: 12, column: 7),
            message: "unknown key 'expct' in step", hint: "did you mean 'expect'?")
        XCTAssertEqual(diagnostic.description, "plans/x.yaml:12:7: error: unknown key 'expct' in step\n    hint: did you mean 'expect'?")
        let plain = PlanDiagnostic(file: "p.yaml", location: SourceLocation(line: 1, column: 2), message: "m")
        XCTAssertEqual(plain.description, "p.yaml:1:2: error: m")
        let error = PlanValidationError(diagnostics: [
            PlanDiagnostic(file: "p", location: SourceLocation(line: 3, column: 1), message: "c"),
            PlanDiagnostic(file: "p", location: SourceLocation(line: 1, column: 9), message: "b"),
            PlanDiagnostic(file: "p", location: SourceLocation(line: 1, column: 2), message: "a"),
        ])
        XCTAssertEqual(error.description, "p:1:2: error: a\np:1:9: error: b\np:3:1: error: c")
    }
}
