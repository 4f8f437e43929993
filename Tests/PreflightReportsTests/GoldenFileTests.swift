import PreflightReports
import XCTest

/// Each renderer against checked-in output for three fixed reports. A renderer change shows up as
/// a diff to review; `PREFLIGHT_UPDATE_GOLDEN=1 swift test --filter Golden` rewrites the files.
final class GoldenFileTests: XCTestCase {
    func testFixturesDecodeAndRoundTrip() throws {
        for (name, report) in try ReportFixtures.all() {
            XCTAssertEqual(try JSONReportRenderer.decode(try JSONReportRenderer.render(report)), report, name)
        }
    }

    func testHTMLMatchesGoldenFiles() throws {
        for (name, report) in try ReportFixtures.all() {
            try ReportFixtures.assertMatchesGolden(HTMLReportRenderer.render(report), file: "\(name).html")
        }
    }

    func testJUnitMatchesGoldenFiles() throws {
        for (name, report) in try ReportFixtures.all() {
            try ReportFixtures.assertMatchesGolden(JUnitReportRenderer.render(report), file: "\(name).junit.xml")
        }
    }

    func testMarkdownMatchesGoldenFiles() throws {
        for (name, report) in try ReportFixtures.all() {
            try ReportFixtures.assertMatchesGolden(MarkdownReportRenderer.render(report), file: "\(name).md")
        }
    }

    func testRenderingIsDeterministic() throws {
        for (name, report) in try ReportFixtures.all() {
            XCTAssertEqual(HTMLReportRenderer.render(report), HTMLReportRenderer.render(report), name)
            XCTAssertEqual(JUnitReportRenderer.render(report), JUnitReportRenderer.render(report), name)
            XCTAssertEqual(MarkdownReportRenderer.render(report), MarkdownReportRenderer.render(report), name)
        }
    }
}
