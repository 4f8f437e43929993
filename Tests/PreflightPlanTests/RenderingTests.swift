import PreflightPlan
import XCTest

/// Template rendering, JSON path evaluation and secret redaction: what happens to plan values at run time.
final class RenderingTests: XCTestCase {
    func testVariablesAndGeneratorsRender() throws {
        let renderer = TemplateRenderer(variables: ["name": "ann"], iteration: 7)
        XCTAssertEqual(renderer.render(try TemplateParser.parse("hi {{name}} #{{$iteration}}")), "hi ann #7")
        let uuid = renderer.render(try TemplateParser.parse("{{$uuid}}"))
        XCTAssertNotNil(UUID(uuidString: uuid))
        XCTAssertNotEqual(uuid, renderer.render(try TemplateParser.parse("{{$uuid}}")), "a generator makes a fresh value at each use")
        let number = try XCTUnwrap(Int(renderer.render(try TemplateParser.parse("{{$randomInt(5,6)}}"))))
        XCTAssertTrue((5...6).contains(number))
        let seconds = try XCTUnwrap(Int(renderer.render(try TemplateParser.parse("{{$timestamp}}"))))
        XCTAssertEqual(Double(seconds), Date().timeIntervalSince1970, accuracy: 5)
    }

    func testJSONPathEvaluation() throws {
        let document = try JSONSerialization.jsonObject(with: Data(#"{"a":{"b":[10,{"c":"x"}]},"odd key":1}"#.utf8))
        XCTAssertEqual(try JSONPathParser.parse("$.a.b[1].c").value(in: document) as? String, "x")
        XCTAssertEqual(try JSONPathParser.parse("$['odd key']").value(in: document) as? Int, 1)
        XCTAssertNil(try JSONPathParser.parse("$.a.b[5]").value(in: document))
        XCTAssertNil(try JSONPathParser.parse("$.a.missing").value(in: document))
    }

    func testJSONValuesReadAsPlansWriteThem() throws {
        let values = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(#"[true, 1, 2.5, "s", null]"#.utf8)) as? [Any])
        XCTAssertEqual(values.map(JSONValueText.text(of:)), ["true", "1", "2.5", "s", "null"])
        XCTAssertEqual(values.map { JSONValueText.type(of: $0) }, [.boolean, .number, .number, .string, .null])
        XCTAssertFalse(JSONValueText.value(values[1], equals: .bool(true), renderer: TemplateRenderer(variables: [:], iteration: 0)), "the number 1 is not true")
        XCTAssertTrue(JSONValueText.value(values[3], equals: .string(try TemplateParser.parse("{{x}}")), renderer: TemplateRenderer(variables: ["x": "s"], iteration: 0)), "text is compared with its rendered value")
    }

    func testRedactionHidesEveryOccurrenceLongestFirst() {
        var redactor = SecretRedactor(values: ["pass", ""])
        redactor.add("password123")
        XCTAssertEqual(redactor.redact("user=ann&pw=password123&again=pass"), "user=ann&pw=***&again=***")
        XCTAssertEqual(redactor.redact("nothing here"), "nothing here")
        redactor.add("p@ss word")
        XCTAssertEqual(redactor.redact("/login?pw=p%40ss%20word"), "/login?pw=***", "the URL-encoded form is hidden too")
    }

    func testPlanSecretsComeFromVariablesListedAsSecret() {
        let plan = Plan(
            name: "p", targets: [:], variables: [Variable(name: "user", value: "ann"), Variable(name: "password", value: "hunter2")],
            secrets: ["password"], flows: []
        )
        XCTAssertEqual(SecretRedactor(plan: plan).redact("ann:hunter2"), "ann:***")
    }
}
