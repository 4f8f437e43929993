import PreflightPlan
import XCTest

/// Plans written to break the loader (alias bombs, NUL bytes, runaway nesting) and data that
/// YAML 1.1 would quietly change: each is refused at its position, or sent exactly as written.
final class HostilePlanTests: XCTestCase {
    private static let head = """
        name: hostile
        targets: { api: "http://127.0.0.1:9" }

        """

    private static let laughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """

    func testABillionLaughsIsRefusedAtItsPositionInstantly() {
        let started = ContinuousClock.now
        let diagnostics = PlanTestSupport.diagnostics(Self.head + Self.laughs + "flows: {}\n")
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(10), "refused without expanding it")
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertEqual(diagnostics.first?.location, SourceLocation(line: 9, column: 4), "the first value that repeats past the limit")
        XCTAssertTrue(diagnostics.first?.message.contains("aliases") == true, "\(diagnostics)")
    }

    func testAnAliasUsedAsAKeyIsRefusedBeforeYAMLHashesIt() {
        let started = ContinuousClock.now
        let diagnostics = PlanTestSupport.diagnostics(Self.head + Self.laughs + "j: { *i : 1 }\nflows: {}\n")
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(10))
        XCTAssertEqual(diagnostics.map(\.location), [SourceLocation(line: 12, column: 6)])
        XCTAssertTrue(diagnostics.first?.message.contains("alias cannot be used as a mapping key") == true, "\(diagnostics)")
    }

    func testAliasesOfOrdinarySizeAndLargePlansStillLoad() throws {
        let shared = """
            name: shared
            targets: { api: "http://127.0.0.1:9" }
            flows:
              one:
                steps:
                  - &health { name: health, path: /health, headers: { "X-Note": "*not: an alias key" } }
              two:
                steps:
                  - *health

            """
        XCTAssertEqual(try PlanTestSupport.load(shared).flows.count, 2)
        // 30,000 steps written out: large, but no alias repeats anything.
        var large = "name: large\ntargets: { api: \"http://127.0.0.1:9\" }\nflows:\n  big:\n    steps:\n"
        for index in 0..<30_000 { large += "      - { name: s\(index), path: /health, expect: { status: 200 } }\n" }
        XCTAssertEqual(try PlanTestSupport.load(large).flows.first?.steps.count, 30_000)
    }

    func testANULByteIsReportedWhereItIs() {
        let diagnostics = PlanTestSupport.diagnostics(Self.head + "flows:\n  a: x\u{0}y\n")
        XCTAssertEqual(diagnostics.map(\.location), [SourceLocation(line: 4, column: 7)])
        XCTAssertTrue(diagnostics.first?.message.contains("NUL") == true, "\(diagnostics)")
    }

    func testRunawayNestingIsExplainedWithoutLibraryNames() {
        let diagnostics = PlanTestSupport.diagnostics(Self.head + "flows: " + String(repeating: "[", count: 1200) + String(repeating: "]", count: 1200) + "\n")
        XCTAssertEqual(diagnostics.count, 1)
        let text = diagnostics.first.map { $0.message + ($0.hint ?? "") } ?? ""
        XCTAssertTrue(text.contains("nests deeper than"), text)
        XCTAssertFalse(text.contains("yaml_"), "no libyaml function names: \(text)")
    }

    func testJSONBodiesFollowYAML12AndKeepEveryDigit() throws {
        let plan = try PlanTestSupport.load(Self.head + """
            flows:
              f:
                steps:
                  - name: s
                    method: POST
                    path: /x
                    json: { zip: 01234, big: 12345678901234567, max: 9223372036854775807, answer: yes, octal: 0o17, hex: 0x1F, real: 1.50, quoted: "01234", on: on }

            """)
        guard case .json(.object(let members))? = plan.flows.first?.steps.first?.body else { return XCTFail("no JSON body") }
        let rendered = members.map { member -> String in
            switch member.value {
            case .number(let number): "\(member.key)=\(number.text)"
            case .string(let text): "\(member.key)=\"\(text)\""
            case .bool(let value): "\(member.key)=\(value)"
            default: "\(member.key)=?"
            }
        }
        XCTAssertEqual(rendered, [
            "zip=1234", "big=12345678901234567", "max=9223372036854775807", "answer=\"yes\"",
            "octal=15", "hex=31", "real=1.50", "quoted=\"01234\"", "on=\"on\"",
        ])
    }

    func testNumbersJSONCannotCarryAreRefused() {
        let diagnostics = PlanTestSupport.diagnostics(Self.head + "flows:\n  f:\n    steps:\n      - { name: s, path: /x, json: { n: .inf } }\n")
        XCTAssertEqual(diagnostics.map(\.location), [SourceLocation(line: 6, column: 41)])
        XCTAssertTrue(diagnostics.first?.message.contains("not a JSON number") == true, "\(diagnostics)")
    }

    func testTheResponseBodyLimitIsASetting() throws {
        let flows = "flows:\n  f:\n    steps:\n      - { name: s, path: /x }\n"
        XCTAssertEqual(try PlanTestSupport.load(Self.head + flows).defaults.maxBodyBytes, 8 << 20)
        XCTAssertEqual(try PlanTestSupport.load(Self.head + "defaults: { maxBodySize: 512KiB }\n" + flows).defaults.maxBodyBytes, 512 << 10)
        let diagnostics = PlanTestSupport.diagnostics(Self.head + "defaults: { maxBodySize: 5TiB }\n" + flows)
        XCTAssertEqual(diagnostics.map(\.location), [SourceLocation(line: 3, column: 26)])
    }
}
