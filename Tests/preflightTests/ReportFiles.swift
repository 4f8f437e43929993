import Foundation
import XCTest

/// Finding and reading the reports a run of the binary wrote, for the command-line tests.
enum ReportFiles {
    /// Files in `folder` whose names end with `suffix`.
    static func files(in folder: URL, ending suffix: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(suffix) }.sorted()
            .map { folder.appendingPathComponent($0) }
    }

    /// The one JSON report in `folder`; fails the test when there is not exactly one.
    static func onlyJSON(in folder: URL, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let reports = try files(in: folder, ending: ".json")
        XCTAssertEqual(reports.count, 1, "JSON reports in \(folder.path)", file: file, line: line)
        return try XCTUnwrap(reports.first, file: file, line: line)
    }

    /// A JSON report as the dictionary a CI tool would read.
    static func object(at url: URL) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Checks every JUnit file in `folder` against the Jenkins-style JUnit schema the report tests
    /// keep as a fixture, with Python's lxml.
    static func validateJUnit(_ folder: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        try validate(
            folder, ending: ".junit.xml", schema: "Tests/PreflightReportsTests/Fixtures/junit-jenkins.xsd",
            check: "import sys; from lxml import etree; s = etree.XMLSchema(etree.parse(sys.argv[1])); ok = s.validate(etree.parse(sys.argv[2])); print(s.error_log, file=sys.stderr); sys.exit(0 if ok else 1)",
            file: file, line: line)
    }

    /// Checks every JSON report in `folder` against docs/report.schema.json with Python's jsonschema.
    static func validateAgainstSchema(_ folder: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        try validate(
            folder, ending: ".json", schema: "docs/report.schema.json",
            check: "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))",
            file: file, line: line)
    }

    /// Runs the Python `check` (argv: schema, file) on every file of `folder` ending in `ending`;
    /// a file it refuses fails the test with the start of what it said.
    private static func validate(_ folder: URL, ending: String, schema: String, check: String, file: StaticString, line: UInt) throws {
        let reports = try files(in: folder, ending: ending)
        XCTAssertFalse(reports.isEmpty, "no \(ending) file was written", file: file, line: line)
        let schemaPath = CommandRunner.repositoryRoot.appendingPathComponent(schema).path
        for report in reports {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", check, schemaPath, report.path]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "\(report.lastPathComponent): \(message.suffix(600))", file: file, line: line)
        }
    }
}
