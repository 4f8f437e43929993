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
        XCTAssertNil(root.attributes["skipped"], "not allowed on <testsuites> by the JUnit schema")
        let skipped = parsed.elements.filter { $0.name == "testsuite" }.compactMap { Int($0.attributes["skipped"] ?? "") }
        XCTAssertEqual(skipped.reduce(0, +), 3, "counted per suite")
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

    /// Every rendering, including a stopped run's, must pass the schema Jenkins validates against.
    func testEveryRenderingValidatesAgainstTheJenkinsSchema() throws {
        var reports = try ReportFixtures.all().map(\.report) + [HostileReport.make(), HostileReport.makeSmoke()]
        reports.append(try Self.aborted())
        var interrupted = try ReportFixtures.report("load-failed")
        interrupted.verdict = Verdict(status: .interrupted, exitCode: 130, reasons: ["The run was interrupted."])
        reports.append(interrupted)
        for report in reports {
            let xml = JUnitReportRenderer.render(report)
            XCTAssertNil(try JUnitSchema.problems(xml), "\(report.run.planName) (\(report.run.profile))")
        }
    }

    /// Load cases each have a time, and the suites add up to the run's wall clock, not to a
    /// multiple of it (each flow suite used to carry the whole run).
    func testLoadCasesHaveTimesAndSuitesAddUpToTheRun() throws {
        let report = try ReportFixtures.report("load-failed")
        let parsed = try Self.parse(JUnitReportRenderer.render(report))
        let cases = parsed.elements.filter { $0.name == "testcase" }
        XCTAssertFalse(cases.isEmpty)
        XCTAssertTrue(cases.allSatisfy { $0.attributes["time"] != nil }, "\(cases.filter { $0.attributes["time"] == nil }.map(\.attributes))")
        let wallClock = try XCTUnwrap(Double(parsed.elements.first?.attributes["time"] ?? ""))
        let suites = parsed.elements.filter { $0.name == "testsuite" }.compactMap { Double($0.attributes["time"] ?? "") }
        XCTAssertEqual(suites.count, 4)
        XCTAssertLessThanOrEqual(suites.reduce(0, +), wallClock + 1, "suite times \(suites) against a run of \(wallClock) s")
        XCTAssertGreaterThanOrEqual(suites.reduce(0, +), wallClock, "the run's time is accounted once")
    }

    func testAnAbortedRunFailsItsRunCompletedCaseAndSkipsWhatItCouldNotJudge() throws {
        let parsed = try Self.parse(JUnitReportRenderer.render(try Self.aborted()))
        let aborted = try XCTUnwrap(parsed.elements.first { $0.name == "failure" && $0.attributes["type"] == "aborted" })
        XCTAssertEqual(aborted.attributes["message"], "the run was aborted after 1.2 s of 30.0 s: errors rate < 1%: observed 5.00% — failed")
        let skipped = parsed.elements.filter { $0.name == "skipped" }.compactMap { $0.attributes["message"] }
        XCTAssertEqual(skipped, Array(repeating: "not judged: the run was aborted after 1.2 s of 30.0 s", count: 2), "the rate threshold and validity")
    }

    /// The load fixture as if an `errors rate` threshold had aborted it after 1.2 s.
    private static func aborted() throws -> RunReport {
        var report = try ReportFixtures.report("load-failed")
        let stopped = RunStop.sentence(.aborted, afterSeconds: 1.2, plannedSeconds: 30)
        report.load?.measuredSeconds = 1.2
        report.load?.stop = RunStop(kind: .aborted, cause: "errors rate < 1%: observed 5.00% — failed")
        report.load?.validity = ValidityReport(valid: false, causes: [], notJudged: stopped)
        report.thresholds = [
            ThresholdResult(expression: "errors rate < 1%", observed: 0.05, passed: false, summary: "errors rate < 1%: observed 5.00% — failed", abortOnFail: true, unit: .fraction),
            ThresholdResult(expression: "requests rate >= 40/s", observed: 46, passed: false, summary: "requests rate >= 40/s: observed 46.0/s — not judged: \(stopped)", abortOnFail: false, unit: .perSecond, notJudged: stopped),
        ]
        report.verdict = Verdict(status: .failed, exitCode: 1, reasons: ["Aborted early: errors rate < 1%: observed 5.00% — failed."])
        return report
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
