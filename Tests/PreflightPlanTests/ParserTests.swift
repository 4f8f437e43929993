import PreflightMetrics
import PreflightPlan
import XCTest

/// The small grammars inside plan values: templates, JSON paths, durations and rates.
final class ParserTests: XCTestCase {
    func testTemplates() throws {
        let cases: [(String, [Template.Part])] = [
            ("", []),
            ("plain text", [.literal("plain text")]),
            ("{{token}}", [.variable("token")]),
            ("Bearer {{ token }}!", [.literal("Bearer "), .variable("token"), .literal("!")]),
            ("/a/{{id}}/{{$uuid}}", [.literal("/a/"), .variable("id"), .literal("/"), .generator(.uuid)]),
            ("{{$randomInt(1,100)}}", [.generator(.randomInt(1...100))]),
            ("{{$randomInt( -5 , 5 )}}", [.generator(.randomInt(-5...5))]),
            ("{{$timestamp}}{{$timestampMillis}}{{$iteration}}", [
                .generator(.timestamp), .generator(.timestampMillis), .generator(.iteration),
            ]),
            ("a } b }} c {", [.literal("a } b }} c {")]),
            ("{{_x1}}", [.variable("_x1")]),
        ]
        for (text, parts) in cases {
            XCTAssertEqual(try TemplateParser.parse(text), Template(parts: parts), text)
        }
        XCTAssertEqual(try TemplateParser.parse("id-{{$randomInt(1,9)}}").description, "id-{{$randomInt(1,9)}}")
    }

    func testTemplateErrors() {
        let cases: [(String, String, Int)] = [
            ("abc {{token", "unclosed '{{'", 4),
            ("{{}}", "empty placeholder '{{}}'", 0),
            ("x{{  $uid }}", "unknown generator '$uid'", 5),
            ("{{$uuid()}}", "generator '$uuid' takes no arguments", 2),
            ("{{$randomInt}}", "'$randomInt' needs a range such as (1,100)", 2),
            ("{{$randomInt(1)}}", "bad '$randomInt' range '(1)': expected two whole numbers", 2),
            ("{{$randomInt(a,b)}}", "bad '$randomInt' range '(a,b)': expected two whole numbers", 2),
            ("{{$randomInt(9,1)}}", "bad '$randomInt' range: the lower bound 9 is greater than the upper bound 1", 2),
            ("{{order.id}}", "invalid variable name 'order.id'", 2),
            ("é{{9lives}}", "invalid variable name '9lives'", 3),
        ]
        for (text, message, offset) in cases {
            XCTAssertThrowsError(try TemplateParser.parse(text), text) { error in
                XCTAssertEqual((error as? TemplateSyntaxError)?.message, message, text)
                XCTAssertEqual((error as? TemplateSyntaxError)?.offset, offset, text)
            }
        }
    }

    func testJSONPaths() throws {
        let cases: [(String, [JSONPath.Component])] = [
            ("$", []),
            ("$.token", [.key("token")]),
            ("$.order.id", [.key("order"), .key("id")]),
            ("$.items[0].productId", [.key("items"), .index(0), .key("productId")]),
            ("$.items[-1]", [.key("items"), .index(-1)]),
            ("$['odd key'].x", [.key("odd key"), .key("x")]),
            (#"$["double"]['it\'s']"#, [.key("double"), .key("it's")]),
            ("order.id", [.key("order"), .key("id")]),
            ("items[2]", [.key("items"), .index(2)]),
            ("$[0][1]", [.index(0), .index(1)]),
            ("$.content-type", [.key("content-type")]),
        ]
        for (text, components) in cases {
            XCTAssertEqual(try JSONPathParser.parse(text), JSONPath(components: components), text)
        }
        XCTAssertEqual(try JSONPathParser.parse("a['b c'][3]").description, "$.a['b c'][3]")
    }

    func testJSONPathErrors() {
        let cases: [(String, String, Int)] = [
            ("", "empty JSON path", 0),
            ("$.", "expected a key at the end of the path", 2),
            ("$..id", "expected a key at '.'", 2),
            ("$.items[*]", "expected an index such as [0] or [-1], or a quoted key such as ['name'], after '['", 8),
            ("$.items[0", "unclosed '['", 7),
            ("$['key", "unclosed quote", 2),
            ("$token", "unexpected 't'; expected '.key' or '[...]'", 1),
            ("$.a b", "unexpected ' '; expected '.key' or '[...]'", 3),
        ]
        for (text, message, offset) in cases {
            XCTAssertThrowsError(try JSONPathParser.parse(text), text) { error in
                XCTAssertEqual((error as? JSONPathSyntaxError)?.message, message, text)
                XCTAssertEqual((error as? JSONPathSyntaxError)?.offset, offset, text)
            }
        }
    }

    func testDurations() {
        let cases: [(String, Duration?)] = [
            ("250us", .microseconds(250)),
            ("500ms", .milliseconds(500)),
            ("2s", .seconds(2)),
            ("1.5s", .milliseconds(1500)),
            ("0.25ms", .microseconds(250)),
            ("1m", .seconds(60)),
            ("1m30s", .seconds(90)),
            ("1h", .seconds(3600)),
            ("1h30m", .seconds(5400)),
            ("2m500ms", .milliseconds(120_500)),
            ("0s", .zero),
            ("5", nil),
            ("1.5", nil),
            ("", nil),
            ("s", nil),
            ("5 s", nil),
            ("-1s", nil),
            ("1.s", nil),
            (".5s", nil),
            ("30s1m", nil),
            ("1s1s", nil),
            ("5d", .seconds(432_000)),
            ("2w", nil),
            ("1sec", nil),
            ("99999999999999999h", nil),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(DurationParser.parse(text), expected, text)
        }
    }

    func testRates() {
        let cases: [(String, Double?)] = [
            ("200/s", 200),
            ("12000/m", 200),
            ("0/s", 0),
            ("1.5/s", 1.5),
            ("36/h", 0.01),
            ("200", nil),
            ("200/sec", nil),
            ("5/ms", nil),
            ("-1/s", nil),
            ("/s", nil),
            ("1e3/s", nil),
            ("inf/s", nil),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(RateParser.parse(text), expected, text)
        }
    }
}
