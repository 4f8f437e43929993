import Foundation

/// Checks JUnit XML against `Fixtures/junit-jenkins.xsd`, the structure Jenkins' xUnit plugin
/// accepts, with Python's lxml (installed by scripts/install-deps.sh).
enum JUnitSchema {
    static let file = ReportFixtures.directory.appendingPathComponent("Fixtures/junit-jenkins.xsd")

    /// nil when `xml` validates; otherwise what lxml found wrong.
    static func problems(_ xml: String) throws -> String? {
        let document = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-junit-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: document)
        defer { try? FileManager.default.removeItem(at: document) }
        return try problems(at: document)
    }

    /// nil when the file at `url` validates; otherwise what lxml found wrong.
    static func problems(at url: URL) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            """
            import sys
            from lxml import etree
            schema = etree.XMLSchema(etree.parse(sys.argv[1]))
            valid = schema.validate(etree.parse(sys.argv[2]))
            print("\\n".join(str(error) for error in schema.error_log))
            sys.exit(0 if valid else 1)
            """,
            file.path, url.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : text
    }
}
