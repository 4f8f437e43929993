import Foundation
import PreflightReports

/// Where a run's reports go and in which formats; checked before a run sends anything and
/// written after it, never over an earlier report.
///
/// Reports are the evidence of a gate, so they are never lost quietly: a generated name is never
/// reused (two runs in the same millisecond get `-2`), a fixed path (for CI artifacts) is replaced
/// atomically, and a report that cannot be written makes ``RunExit/of(verdict:evidenceWritten:)``
/// fail a run that passed.
public struct ReportDestinations: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case json, html, junit, markdown

        var suffix: String {
            switch self {
            case .json: ".json"
            case .html: ".html"
            case .junit: ".junit.xml"
            case .markdown: ".md"
            }
        }

        func render(_ report: RunReport) throws -> [UInt8] {
            switch self {
            case .json: try JSONReportRenderer.render(report)
            case .html: Array(HTMLReportRenderer.render(report).utf8)
            case .junit: Array(JUnitReportRenderer.render(report).utf8)
            case .markdown: Array(MarkdownReportRenderer.render(report).utf8)
            }
        }
    }

    /// Directory for formats without a fixed path.
    public var directory: String
    /// The formats written, each to `directory` (nil) or to its fixed path. JSON is always among them.
    public var formats: [(format: Format, fixedPath: String?)]

    public init(directory: String, formats: [(format: Format, fixedPath: String?)]) {
        self.directory = directory
        self.formats = formats.contains { $0.format == .json } ? formats : [(.json, nil)] + formats
    }

    /// Fails unless every place a report will go can take a file.
    public func checkWritable() throws(FileWriteError) {
        var directories = Set(formats.compactMap { $0.fixedPath.map { ($0 as NSString).deletingLastPathComponent } })
        if formats.contains(where: { $0.fixedPath == nil }) { directories.insert(directory) }
        for directory in directories.sorted() {
            try AtomicFileWriter.checkWritable(directory: directory.isEmpty ? "." : directory)
        }
        for path in formats.compactMap(\.fixedPath) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw FileWriteError(path: path, code: EISDIR)
            }
        }
    }

    /// `-shard2of3` for shard 2 of 3 (numbered from 1): how a shard's files are told apart on a shared volume.
    public static func shardPart(number: Int, count: Int) -> String {
        "-shard\(number)of\(count)"
    }

    /// `<directory>/<plan>-<profile><part>-<UTC time to the millisecond>`, without an extension.
    public func basePath(planFile: String, profile: String, part: String = "", at instant: Date) -> String {
        let stem = URL(fileURLWithPath: planFile).deletingPathExtension().lastPathComponent
        return URL(fileURLWithPath: directory).appendingPathComponent("\(stem)-\(profile)\(part)-\(UTCTimestamp.compact(instant))").path
    }

    /// Whether the JSON report goes to a fixed path (`--report-json`), which each run replaces.
    public var hasFixedJSONPath: Bool {
        formats.contains { $0.format == .json && $0.fixedPath != nil }
    }

    /// Where a load run streams its intervals (`.jsonl`): beside the JSON report, under its name.
    public func streamPath(planFile: String, profile: String, part: String = "", at instant: Date) -> String {
        if let fixed = formats.first(where: { $0.format == .json })?.fixedPath {
            return (fixed.hasSuffix(".json") ? String(fixed.dropLast(5)) : fixed) + ".jsonl"
        }
        return basePath(planFile: planFile, profile: profile, part: part, at: instant) + ".jsonl"
    }

    /// Writes every format atomically and returns the paths. Generated names carry the plan's
    /// file name, the profile, the shard (`-shard2of3`) or `-merged`, and the time to the
    /// millisecond (UTC).
    public func write(_ report: RunReport, planFile: String, now: Date = Date()) throws -> [String] {
        // Shards writing to one shared volume must never pick the same name, and a merged report
        // must be told apart from its shards.
        let part = report.shard.map { Self.shardPart(number: $0.index, count: $0.count) } ?? (report.merged != nil ? "-merged" : "")
        let base = basePath(planFile: planFile, profile: report.run.profile, part: part, at: now)
        var written: [String] = []
        for (format, fixedPath) in formats {
            guard let fixedPath else { continue }
            try AtomicFileWriter.write(try format.render(report), to: fixedPath, mode: .replace)
            written.append(fixedPath)
        }
        var generated = formats.filter { $0.fixedPath == nil }.map(\.format)
        guard let first = generated.first else { return written }
        generated.removeFirst()
        // The first generated file claims a name no other run holds; the rest share its stem.
        var claimed: String?
        for attempt in 1...1000 where claimed == nil {
            let candidate = attempt == 1 ? base : "\(base)-\(attempt)"
            do {
                try AtomicFileWriter.write(try first.render(report), to: candidate + first.suffix)
                claimed = candidate
            } catch let error as FileWriteError where error.alreadyExists {
                continue
            }
        }
        guard let claimed else { throw FileWriteError(path: base + first.suffix, code: EEXIST) }
        written.append(claimed + first.suffix)
        for format in generated {
            try AtomicFileWriter.write(try format.render(report), to: claimed + format.suffix)
            written.append(claimed + format.suffix)
        }
        return written
    }
}

/// What became of a run's evidence, and so the process's exit status.
public struct Publication: Sendable {
    /// Report files written.
    public var paths: [String]
    /// Why a report file could not be written, when one could not.
    public var problem: String?
    /// The GitHub job summary the Markdown was appended to, if any.
    public var summaryPath: String?
    /// Why appending to the job summary failed; it is a convenience, so this never fails a run.
    public var summaryProblem: String?
    /// The process's exit status: the verdict's, unless a run that passed lost its evidence.
    public var exitStatus: Int32
    /// True when the run passed but fails because its report could not be written.
    public var failedForLostEvidence = false

    /// Writes `report` to `destinations` and appends the job summary when `$GITHUB_STEP_SUMMARY` is set.
    /// `now` names the generated files; a run that streams passes its start, so the report sits
    /// beside its stream under one name.
    public static func publish(_ report: RunReport, planFile: String, to destinations: ReportDestinations, now: Date = Date()) -> Publication {
        var publication = Publication(paths: [], exitStatus: report.verdict.exitCode)
        do {
            publication.paths = try destinations.write(report, planFile: planFile, now: now)
        } catch {
            publication.problem = "\(error)"
        }
        do {
            publication.summaryPath = try GitHubStepSummary.append(markdown: MarkdownReportRenderer.render(report))
        } catch {
            publication.summaryProblem = "\(error)"
        }
        publication.exitStatus = RunExit.of(verdict: report.verdict.exitCode, evidenceWritten: publication.problem == nil)
        publication.failedForLostEvidence = publication.exitStatus != report.verdict.exitCode
        return publication
    }
}
