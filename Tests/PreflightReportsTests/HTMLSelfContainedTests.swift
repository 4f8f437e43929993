import Foundation
import PreflightReports
import XCTest

/// The HTML report must open offline, from a CI artifact store or a laptop without network: it
/// may load nothing from anywhere.
final class HTMLSelfContainedTests: XCTestCase {
    private func renderings() throws -> [(name: String, html: String)] {
        try ReportFixtures.all().map { (name: $0.name, html: HTMLReportRenderer.render($0.report)) }
            + [("hostile load", HTMLReportRenderer.render(HostileReport.make())), ("hostile smoke", HTMLReportRenderer.render(HostileReport.makeSmoke()))]
    }

    func testNoExternalResourceIsReferenced() throws {
        for (name, html) in try renderings() {
            for pattern in ["@import", "url(", "<script", "<link", "<img", "<iframe", "<object", "<embed"] {
                XCTAssertNil(html.range(of: pattern, options: .caseInsensitive), "\(name) contains \(pattern)")
            }
            for tag in Self.tags(in: html) {
                for attribute in ["src=", "href=", "xlink:href=", "srcset=", "action=", "poster="] {
                    XCTAssertNil(tag.range(of: attribute, options: .caseInsensitive), "\(name): \(tag)")
                }
                XCTAssertNil(tag.range(of: "http://", options: .caseInsensitive), "\(name): \(tag)")
                XCTAssertNil(tag.range(of: "https://", options: .caseInsensitive), "\(name): \(tag)")
            }
        }
    }

    func testSmokeReportsRenderWithoutLoadCharts() throws {
        let html = HTMLReportRenderer.render(try ReportFixtures.report("smoke-failed"))
        XCTAssertFalse(html.contains("id=\"load\""))
        XCTAssertFalse(html.contains("id=\"validity\""))
        XCTAssertEqual(html.components(separatedBy: "<svg class=\"chart bars\"").count - 1, 1, "the phase bars only")
        XCTAssertTrue(html.contains("<span class=\"pill skip\">SKIP</span>"))
    }

    func testLoadReportsDrawFourChartsThePhaseBarsAndValidity() throws {
        let html = HTMLReportRenderer.render(try ReportFixtures.report("load-failed"))
        XCTAssertEqual(html.components(separatedBy: "<svg class=\"chart\"").count - 1, 4)
        XCTAssertEqual(html.components(separatedBy: "<svg class=\"chart bars\"").count - 1, 1)
        XCTAssertTrue(html.contains("Drawn from the run&#39;s full latency histograms"))
        XCTAssertTrue(html.contains("<h2>Run validity</h2>"))
        XCTAssertTrue(html.contains("@media print"))
    }

    func testSectionsComeInReadingOrder() throws {
        let html = HTMLReportRenderer.render(try ReportFixtures.report("load-failed"))
        let order = ["class=\"banner failed\"", "id=\"checklist\"", "id=\"load\"", "id=\"phases\"", "id=\"steps\"", "id=\"failures\"", "id=\"validity\""]
        let positions = try order.map { try XCTUnwrap(html.range(of: $0)?.lowerBound, $0) }
        XCTAssertEqual(positions, positions.sorted())
    }

    func testAReportWithoutHistogramsDrawsThePercentilesFromItsSummaryPoints() throws {
        var report = try ReportFixtures.report("load-failed")
        report.load?.overall.histograms = nil
        XCTAssertTrue(HTMLReportRenderer.render(report).contains("Drawn from the summary points min, p50, p90, p95, p99 and max only"))
    }

    func testARunWithoutTimeSeriesStillRenders() throws {
        var report = try ReportFixtures.report("load-failed")
        report.load?.timeSeries = []
        let html = HTMLReportRenderer.render(report)
        XCTAssertTrue(html.contains("recorded no time series"))
        XCTAssertEqual(html.components(separatedBy: "<svg class=\"chart\"").count - 1, 1, "the percentile chart needs only the summary")
    }

    /// Every markup tag; escaped data can never produce one, so these are the renderer's own.
    private static func tags(in html: String) -> [String] {
        var tags: [String] = []
        var remainder = html[...]
        while let start = remainder.firstIndex(of: "<") {
            guard let end = remainder[start...].firstIndex(of: ">") else { break }
            tags.append(String(remainder[start...end]))
            remainder = remainder[remainder.index(after: end)...]
        }
        return tags
    }
}
