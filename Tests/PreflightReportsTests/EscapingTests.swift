import Foundation
@testable import PreflightReports
import XCTest

/// Strings from plans and servers must be shown, never interpreted, in every output format.
final class EscapingTests: XCTestCase {
    private let reports = [HostileReport.make(), HostileReport.makeSmoke()]

    func testHTMLNeverContainsTheRawScriptAndShowsItEscaped() {
        for report in reports {
            let html = HTMLReportRenderer.render(report)
            XCTAssertNil(html.range(of: "<script", options: .caseInsensitive))
            XCTAssertNil(html.range(of: "<img", options: .caseInsensitive))
            XCTAssertTrue(html.contains(HostileReport.escapedScript))
            XCTAssertTrue(html.contains("&quot;quoted&quot; &amp; &#39;single&#39;"))
            XCTAssertFalse(html.contains("\u{1}"), "control characters are replaced")
        }
    }

    func testHTMLEscapesInsideSVGTextAndTitles() {
        let html = HTMLReportRenderer.render(HostileReport.make())
        let svgs = html.components(separatedBy: "<svg").dropFirst()
        XCTAssertFalse(svgs.isEmpty)
        // The hostile error category is a legend entry of the errors chart, and the hostile step
        // name a bar label and tooltip of the phase chart.
        XCTAssertTrue(svgs.contains { $0.contains("<text x=") && $0.contains(HostileReport.escapedScript) })
        XCTAssertTrue(svgs.contains { $0.contains("<title>flow &lt;script&gt;") })
    }

    func testJUnitNeverContainsTheRawScriptAndShowsItEscaped() {
        for report in reports {
            let xml = JUnitReportRenderer.render(report)
            XCTAssertNil(xml.range(of: "<script", options: .caseInsensitive))
            XCTAssertTrue(xml.contains(HostileReport.escapedScript))
            XCTAssertTrue(xml.contains("&quot;quoted&quot; &amp; &apos;single&apos;"))
        }
    }

    func testMarkdownEscapesMarkupPipesAndLineBreaks() {
        let markdown = MarkdownReportRenderer.render(HostileReport.makeSmoke())
        XCTAssertNil(markdown.range(of: "<script", options: .caseInsensitive))
        XCTAssertTrue(markdown.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(markdown.contains("\\| piped second line"), "a pipe is escaped and a newline joins the cell")
        XCTAssertEqual("# not a heading".markdownLineEscaped, "\\# not a heading")
        XCTAssertEqual("12. not a list".markdownLineEscaped, "12\\. not a list")
        XCTAssertEqual("12.5 ms".markdownEscaped, "12.5 ms", "table cells are inline: no block escapes")
    }

    func testEveryMarkdownTableRowHasTheHeaderColumnCount() throws {
        let samples = try ReportFixtures.all().map(\.report) + reports
        for report in samples {
            var columns: Int?
            for line in MarkdownReportRenderer.render(report).split(separator: "\n", omittingEmptySubsequences: false) {
                guard line.hasPrefix("|") else { columns = nil; continue }
                let count = Self.unescapedPipes(in: String(line))
                if let columns { XCTAssertEqual(count, columns, "row: \(line)") } else { columns = count }
            }
        }
    }

    private static func unescapedPipes(in line: String) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true } else if character == "|" { count += 1 }
        }
        return count
    }
}
