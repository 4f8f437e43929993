import Foundation
import PreflightDemoTarget
import XCTest

/// The formats people and CI read, produced by real runs: HTML by default, JUnit and Markdown on
/// request, `preflight report` re-rendering a saved JSON, and the GitHub step summary.
final class ReportOutputsTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeScratchDirectory("outputs")
    }

    func testServerTextIsEscapedInTheHTMLReport() async throws {
        let hostile = #"<script>alert("x")</script> & 'quotes'"#
        let target = try await DemoTarget.start()
        let plan = directory.appendingPathComponent("echo.yaml")
        try """
            name: escaping
            targets: { api: "${API_URL}" }
            variables: { text: '\(hostile.replacingOccurrences(of: "'", with: "''"))' }
            flows:
              echo:
                steps:
                  - name: echo
                    path: /api/echo
                    query: { text: "{{text}}" }
                    expect:
                      headers: { X-Echo: { equals: safe } }
                      body: { contains: safe }
            """.write(to: plan, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("reports")
        let result = try CommandRunner.preflight(["smoke", plan.path, "-e", "API_URL=\(target.baseURL)", "--out", out.path, "--quiet"])
        await target.stop()
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let html = try String(contentsOf: try XCTUnwrap(try ReportFiles.files(in: out, ending: ".html").first), encoding: .utf8)
        XCTAssertFalse(html.contains("<script>"), "server text must never become markup")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;") || html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;"),
                      "the header value and body appear as text")
    }

    func testReportCommandRendersASavedJSONIntoEveryFormat() async throws {
        let target = try await DemoTarget.start()
        let out = directory.appendingPathComponent("reports")
        let run = try CommandRunner.preflight(["smoke", "plans/demo-smoke.yaml", "-e", "API_URL=\(target.baseURL)", "--out", out.path, "--quiet", "--no-html"])
        await target.stop()
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue(try ReportFiles.files(in: out, ending: ".html").isEmpty, "--no-html writes JSON only")
        let json = try XCTUnwrap(try ReportFiles.files(in: out, ending: ".json").first)

        let junit = directory.appendingPathComponent("smoke.xml")
        let markdown = directory.appendingPathComponent("smoke.md")
        let rendered = try CommandRunner.preflight(["report", json.path, "--junit", junit.path, "--markdown", markdown.path])
        XCTAssertEqual(rendered.status, 0, rendered.stdout + rendered.stderr)
        XCTAssertTrue(rendered.stdout.contains("PASSED (exit 0)"), "the terminal summary is printed again")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        XCTAssertTrue(xml.contains("<testcase") && xml.contains("checkout"), xml)
        XCTAssertFalse(xml.contains("<failure"))
        XCTAssertTrue(try String(contentsOf: markdown, encoding: .utf8).lowercased().contains("passed"))

        let defaultHTML = try CommandRunner.preflight(["report", json.path])
        XCTAssertEqual(defaultHTML.status, 0)
        XCTAssertEqual(try ReportFiles.files(in: out, ending: ".html").count, 1, "without flags it writes the HTML next to the JSON")

        let broken = directory.appendingPathComponent("broken.json")
        try Data("{\"schemaVersion\": 1}".utf8).write(to: broken)
        XCTAssertEqual(try CommandRunner.preflight(["report", broken.path]).status, 2)
    }

    func testRunsAppendToTheGitHubStepSummaryAndWriteJUnitOnRequest() async throws {
        let target = try await DemoTarget.start()
        let summary = directory.appendingPathComponent("summary.md")
        try Data("earlier step\n".utf8).write(to: summary)
        let out = directory.appendingPathComponent("reports")
        let result = try CommandRunner.preflight(
            ["smoke", "plans/demo-smoke.yaml", "-e", "API_URL=\(target.baseURL)", "--out", out.path, "--quiet", "--junit"],
            environment: ["GITHUB_STEP_SUMMARY": summary.path]
        )
        await target.stop()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let text = try String(contentsOf: summary, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("earlier step\n"), "appended, never replaced")
        XCTAssertTrue(text.contains("Point of sale demo smoke"), text)
        XCTAssertEqual(try ReportFiles.files(in: out, ending: ".junit.xml").count, 1)
        XCTAssertEqual(try ReportFiles.files(in: out, ending: ".html").count, 1, "HTML is written by default")
    }
}
