import Foundation
import PreflightReports
import XCTest

/// The JSON fixtures under `Fixtures/` and the golden renderings under `Golden/`, found next to
/// this source file so no resource bundle is needed.
enum ReportFixtures {
    static let names = ["smoke-passed", "smoke-failed", "load-failed"]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func report(_ name: String) throws -> RunReport {
        let url = directory.appendingPathComponent("Fixtures/\(name).json")
        return try JSONReportRenderer.decode(Array(try Data(contentsOf: url)))
    }

    static func all() throws -> [(name: String, report: RunReport)] {
        try names.map { (name: $0, report: try report($0)) }
    }

    static var updatingGoldens: Bool {
        ProcessInfo.processInfo.environment["PREFLIGHT_UPDATE_GOLDEN"] == "1"
    }

    /// Compares `rendered` with the golden file, or rewrites the golden file when
    /// `PREFLIGHT_UPDATE_GOLDEN=1`. A mismatch names the first differing line.
    static func assertMatchesGolden(_ rendered: String, file name: String, sourceFile: StaticString = #filePath, line: UInt = #line) throws {
        let url = directory.appendingPathComponent("Golden/\(name)")
        if updatingGoldens {
            try Data(rendered.utf8).write(to: url)
            return
        }
        guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("no golden file \(url.path); create it with PREFLIGHT_UPDATE_GOLDEN=1 swift test --filter Golden", file: sourceFile, line: line)
            return
        }
        guard rendered != golden else { return }
        let renderedLines = rendered.components(separatedBy: "\n")
        let goldenLines = golden.components(separatedBy: "\n")
        let index = zip(renderedLines, goldenLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(renderedLines.count, goldenLines.count)
        let expected = index < goldenLines.count ? goldenLines[index] : "<end of file>"
        let actual = index < renderedLines.count ? renderedLines[index] : "<end of file>"
        // Lines of SVG are long: show the neighbourhood of the first differing character.
        let column = zip(expected, actual).prefix { $0 == $1 }.count
        let window = { (text: String) in String(text.dropFirst(max(column - 80, 0)).prefix(200)) }
        XCTFail("""
            \(name) differs from its golden file at line \(index + 1), column \(column + 1):
              golden:   \(window(expected))
              rendered: \(window(actual))
            If the change is intended: PREFLIGHT_UPDATE_GOLDEN=1 swift test --filter Golden, then review the diff.
            """, file: sourceFile, line: line)
    }
}
