import Foundation
import PreflightEngine
import PreflightReports

/// A load run as it goes: one JSON line per closed interval and per closed window, appended to a
/// `.jsonl` file beside the report, so a pipeline killed at minute 9 of a 15-minute watch still has
/// minutes 1 to 8. The report, written at the end, takes the same name with `.json`.
///
/// Lines: `{"type":"start",...}`, then `{"type":"interval",...}` (a time-series point) every
/// interval and `{"type":"window",...}` (a ``WindowSummary``) every window, and `{"type":"end",...}`
/// with the verdict. A line that cannot be appended is reported once; the report is still written.
public final class RunStream: Sendable {
    public let path: String
    private let encoder: JSONEncoder
    private let problem = LockedProblem()

    /// Creates the file with its `start` line: never over an existing one, unless `replacing` (a
    /// stream beside a report at a fixed `--report-json` path, which a rerun replaces too).
    public init(path: String, plan: String, profile: String, startedAt: Date, replacing: Bool = false) throws(FileWriteError) {
        self.path = path
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.encoder = encoder
        let start = Start(plan: plan, profile: profile, startedAt: UTCTimestamp.rfc3339Seconds(startedAt))
        try AtomicFileWriter.write(Self.line(start, encoder), to: path, mode: replacing ? .replace : .createNew)
    }

    public func interval(_ point: TimeSeriesPoint) {
        append(Tagged(type: "interval", body: point))
    }

    public func window(_ summary: WindowSummary) {
        append(Tagged(type: "window", body: summary))
    }

    public func end(_ verdict: Verdict) {
        append(Tagged(type: "end", body: verdict))
    }

    /// Why a line could not be appended, if one could not.
    public var failure: String? { problem.value }

    private func append(_ value: some Encodable) {
        do {
            try AtomicFileWriter.append(Self.line(value, encoder), to: path)
        } catch {
            problem.keepFirst("\(path): \(error)")
        }
    }

    private static func line(_ value: some Encodable, _ encoder: JSONEncoder) -> [UInt8] {
        Array(((try? encoder.encode(value)) ?? Data("{}".utf8)) + Data("\n".utf8))
    }

    private struct Start: Encodable {
        let type = "start"
        let plan: String
        let profile: String
        /// `2026-11-30T21:14:57Z`, as `JSONEncoder`'s `.iso8601` strategy wrote it before.
        let startedAt: String
    }

    /// `{"type": ..., <the body's fields>}` on one level.
    private struct Tagged<Body: Encodable>: Encodable {
        let type: String
        let body: Body

        enum Keys: String, CodingKey { case type }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(type, forKey: .type)
            try body.encode(to: encoder)
        }
    }
}

/// The first failure of a stream, kept across threads.
private final class LockedProblem: @unchecked Sendable {
    private let lock = NSLock()
    private var first: String?
    var value: String? { lock.withLock { first } }
    func keepFirst(_ text: String) { lock.withLock { if first == nil { first = text } } }
}
