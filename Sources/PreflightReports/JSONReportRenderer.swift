import Foundation

/// The machine-readable report: stable key order so diffs between runs stay readable.
public enum JSONReportRenderer {
    public static func render(_ report: RunReport) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(report)) + [0x0A]
    }

    public static func decode(_ bytes: [UInt8]) throws -> RunReport {
        try JSONDecoder().decode(RunReport.self, from: Data(bytes))
    }
}
