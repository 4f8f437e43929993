import PreflightMetrics

/// Why and when a load run ended before its schedule did: an `abortOnFail` threshold failed, or
/// someone interrupted it. Renderers say so next to every gate it leaves unjudged, so a report of a
/// stopped run never lets a partial figure pass for a whole one.
public struct RunStop: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case aborted, interrupted
    }

    public var kind: Kind
    /// The summary of the threshold that aborted the run; absent for an interrupt.
    public var cause: String?

    public init(kind: Kind, cause: String? = nil) {
        self.kind = kind
        self.cause = cause
    }

    /// `the run was aborted after 1.2 s of 12.0 s`: the one wording of a stop, for the report's
    /// not-judged reasons and every renderer.
    public static func sentence(_ kind: Kind, afterSeconds: Double, plannedSeconds: Double) -> String {
        "the run was \(kind.rawValue) after \(NumberText.seconds(afterSeconds)) of \(NumberText.seconds(plannedSeconds))"
    }
}

extension LoadSection {
    /// The stop in words, or nil when the schedule ran to its end.
    public var stopSentence: String? {
        stop.map { RunStop.sentence($0.kind, afterSeconds: measuredSeconds, plannedSeconds: plannedSeconds) }
    }
}
