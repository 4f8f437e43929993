import PreflightMetrics

/// A threshold as written, what was observed and whether it held.
public struct ThresholdResult: Sendable, Equatable, Codable {
    public var expression: String
    public var observed: Double?
    public var passed: Bool
    /// The sentence a reader sees, e.g. `http_req_duration p95 < 500ms: observed 612.0 ms`.
    public var summary: String
    public var abortOnFail: Bool
    /// The quantity `observed` is in, so every renderer writes it the same way without reading
    /// the expression again; absent in reports written before it was recorded.
    public var unit: ThresholdQuantity?
    /// Why the threshold was not judged (a rate or count on a run that stopped before its planned
    /// time); `passed` is then false, so no reader takes it for a pass. Absent when judged.
    public var notJudged: String?

    public init(
        expression: String, observed: Double?, passed: Bool, summary: String, abortOnFail: Bool, unit: ThresholdQuantity? = nil,
        notJudged: String? = nil
    ) {
        self.unit = unit
        self.notJudged = notJudged
        self.expression = expression
        self.observed = observed
        self.passed = passed
        self.summary = summary
        self.abortOnFail = abortOnFail
    }
}

extension ThresholdResult {
    /// The word every renderer shows for it: `PASS`, `FAIL` or `NOT JUDGED`.
    public var label: String {
        notJudged != nil ? "NOT JUDGED" : passed ? "PASS" : "FAIL"
    }
}

/// How a threshold's unit is saved in the JSON report.
extension ThresholdQuantity: Codable {
    private static let names: [(ThresholdQuantity, String)] = [
        (.milliseconds, "ms"), (.fraction, "fraction"), (.perSecond, "perSecond"), (.count, "count"),
    ]

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let quantity = Self.names.first(where: { $0.1 == name })?.0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown unit '\(name)'"))
        }
        self = quantity
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Self.names.first { $0.0 == self }?.1 ?? "count")
    }
}
