import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PreflightReports
import XCTest

/// The JUnit file must parse as XML in any CI server, count its cases right and carry the
/// failure text unchanged through escaping.
final class JUnitStructureTests: XCTestCase {
    func testEveryRenderingIsWellFormedXML() throws {
        let reports = try ReportFixtures.all().map(\.report) + [HostileReport.make(), HostileReport.makeSmoke()]
        for report in reports {
            let parsed = try Self.parse(JUnitReportRenderer.render(report))
            XCTAssertEqual(parsed.elements.first?.name, "testsuites")
        }
    }

    func testFailureMessagesSurviveEscapingUnchanged() throws {
        let parsed = try Self.parse(JUnitReportRenderer.render(HostileReport.make()))
        let messages = parsed.elements.filter { $0.name == "failure" }.compactMap { $0.attributes["message"] }
        XCTAssertTrue(messages.contains("\(HostileReport.expression): observed \(HostileReport.script)"), "\(messages)")
        let names = parsed.elements.filter { $0.name == "testcase" }.compactMap { $0.attributes["name"] }
        XCTAssertTrue(names.contains(HostileReport.stepName), "a multi-line name keeps its line break: \(names)")
    }

    func testSmokeStepsAreTestCasesThatFailOrSkip() throws {
        let parsed = try Self.parse(JUnitReportRenderer.render(try ReportFixtures.report("smoke-failed")))
        let root = try XCTUnwrap(parsed.elements.first)
        XCTAssertEqual(root.attributes["tests"], "8")
        XCTAssertEqual(root.attributes["failures"], "3")
        XCTAssertEqual(root.attributes["skipped"], "3")
        XCTAssertEqual(parsed.elements.filter { $0.name == "testsuite" }.compactMap { $0.attributes["name"] }, ["health", "checkout", "sync"])
        let failure = try XCTUnwrap(parsed.elements.first { $0.name == "failure" && $0.attributes["type"] == "timeout" })
        XCTAssertTrue(failure.text.contains("PUT https://sync.staging.pos.example.com/v2/inventory/store-042"))
    }

    func testLoadStepsInformThresholdsAndValidityGate() throws {
        var report = try ReportFixtures.report("load-failed")
        var parsed = try Self.parse(JUnitReportRenderer.render(report))
        XCTAssertEqual(parsed.elements.first?.attributes["failures"], "1", "only the failing threshold fails")
        XCTAssertEqual(parsed.elements.filter { $0.name == "testsuite" }.compactMap { $0.attributes["name"] }, ["browse", "checkout", "thresholds", "run"])

        report.load?.validity = ValidityReport(valid: false, causes: ["3 of 10 iterations were dropped"])
        report.verdict = Verdict(status: .interrupted, exitCode: 130, reasons: ["The run was interrupted."])
        parsed = try Self.parse(JUnitReportRenderer.render(report))
        XCTAssertEqual(parsed.elements.first?.attributes["failures"], "2")
        XCTAssertEqual(parsed.elements.first?.attributes["errors"], "1")
        let validity = try XCTUnwrap(parsed.elements.first { $0.name == "failure" && $0.attributes["type"] == "invalid_run" })
        XCTAssertEqual(validity.attributes["message"], "invalid run: 3 of 10 iterations were dropped")
    }

    // MARK: - A small XML reader over Foundation's parser

    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Every element in document order, with its attributes and direct text.
    static func parse(_ xml: String) throws -> (elements: [Element], count: Int) {
        let collector = Collector()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = collector
        // Foundation's parser can report success yet record an error; both must be clean.
        guard parser.parse(), parser.parserError == nil, collector.depth == 0 else {
            throw ParseError(description: "not well-formed at line \(parser.lineNumber): \(String(describing: parser.parserError))")
        }
        return (collector.elements, collector.elements.count)
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []
        var depth = 0

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            open.append(elements.count)
            elements.append(Element(name: name, attributes: attributes))
            depth += 1
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
            depth -= 1
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let current = open.last { elements[current].text += string }
        }
    }
}
