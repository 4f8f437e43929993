import Foundation
import PreflightReports
import XCTest

/// `preflight report` must say what is wrong with a file in words, with the JSON path.
final class SavedReportReaderTests: XCTestCase {
    private func problem(_ json: String) -> String? {
        do {
            _ = try SavedReportReader.read(Array(json.utf8))
            return nil
        } catch {
            return error.description
        }
    }

    func testReadsAFixture() throws {
        let bytes = try Data(contentsOf: ReportFixtures.directory.appendingPathComponent("Fixtures/smoke-failed.json"))
        XCTAssertEqual(try SavedReportReader.read(Array(bytes)), try ReportFixtures.report("smoke-failed"))
    }

    func testExplainsWhatIsWrong() throws {
        XCTAssertEqual(problem("<html>")?.hasPrefix("not valid JSON"), true)
        XCTAssertEqual(problem("{\"name\": \"x\"}"), "not a Preflight report: it has no schemaVersion")
        XCTAssertEqual(problem("{\"schemaVersion\": 7}"), "written by a newer Preflight (schema version 7); this one reads up to version 1")

        let fixture = try String(contentsOf: ReportFixtures.directory.appendingPathComponent("Fixtures/smoke-failed.json"), encoding: .utf8)
        let withoutVerdict = fixture.replacingOccurrences(of: "\"verdict\"", with: "\"verdict_renamed\"")
        XCTAssertEqual(problem(withoutVerdict), "not a Preflight report of schema version 1: missing field 'verdict'")
        let wrongType = fixture.replacingOccurrences(of: "\"requests\": 1,", with: "\"requests\": \"one\",")
        XCTAssertEqual(problem(wrongType), "not a Preflight report of schema version 1: 'flows[0].steps[0].requests' should be a whole number")
    }
}
