import PreflightMetrics

/// Two reports side by side: did this deploy make checkout slower?
///
/// Steps are matched by flow and step name. Each rule is checked per step present in both
/// reports with enough requests in each (`RegressionFloors`); a step with fewer is reported as
/// not judged, and a step missing from the candidate is reported, never silently skipped.
public struct ReportComparison: Sendable {
    public struct Figures: Sendable, Equatable {
        public var requests: UInt64
        /// Requests per second; 0 when the report has no duration.
        public var rate: Double
        /// Failed share of requests, as a fraction.
        public var errorRate: Double
        public var latency: LatencySummary
    }

    public struct Row: Sendable, Equatable {
        public var flow: String
        public var step: String
        public var baseline: Figures?
        public var candidate: Figures?
        /// Why the rules did not judge the step, e.g. `too few samples: 8 and 9 requests, 30 needed`.
        public var notJudged: String?
    }

    public struct Regression: Sendable, Equatable {
        public var flow: String
        public var step: String
        public var rule: String
        /// `p95 412.0 ms -> 498.3 ms (+21.0%)` and the like.
        public var detail: String
    }

    public var rows: [Row]
    public var regressions: [Regression]
    public var floors: RegressionFloors

    public init(baseline: RunReport, candidate: RunReport, rules: [RegressionRule], floors: RegressionFloors = .defaults) {
        self.floors = floors
        var rows: [Row] = []
        for flow in baseline.flows {
            for step in flow.steps {
                let other = candidate.flows.first { $0.name == flow.name }?.steps.first { $0.name == step.name }
                rows.append(Row(flow: flow.name, step: step.name, baseline: Self.figures(step, baseline), candidate: other.map { Self.figures($0, candidate) }))
            }
        }
        for flow in candidate.flows {
            for step in flow.steps where !rows.contains(where: { $0.flow == flow.name && $0.step == step.name }) {
                rows.append(Row(flow: flow.name, step: step.name, baseline: nil, candidate: Self.figures(step, candidate)))
            }
        }
        for index in rows.indices {
            guard let before = rows[index].baseline, let after = rows[index].candidate,
                  min(before.requests, after.requests) < UInt64(max(floors.minSamples, 0)) else { continue }
            rows[index].notJudged = "too few samples: \(before.requests) and \(after.requests) requests, \(floors.minSamples) needed"
        }
        self.rows = rows
        self.regressions = rows.flatMap { row -> [Regression] in
            guard let before = row.baseline, let after = row.candidate else {
                if row.baseline != nil {
                    return [Regression(flow: row.flow, step: row.step, rule: "present", detail: "the step is missing from the candidate")]
                }
                return []
            }
            guard row.notJudged == nil else { return [] }
            return rules.compactMap { Self.check($0, before, after, noiseFloorMs: floors.noiseFloorMs).map { Regression(flow: row.flow, step: row.step, rule: $0.0, detail: $0.1) } }
        }
    }

    public var regressed: Bool { !regressions.isEmpty }

    /// Steps the rules could not judge for want of samples.
    public var unjudged: [Row] { rows.filter { $0.notJudged != nil } }

    /// True when steps were compared but none had enough samples: no answer either way.
    public var judgedNothing: Bool {
        !unjudged.isEmpty && !rows.contains { $0.baseline != nil && $0.candidate != nil && $0.notJudged == nil }
    }

    /// Why two reports cannot be compared at all, or nil: a smoke run (each step once or a few
    /// times, one after another) against a load run (many at once) compares two different things.
    public static func incompatibility(baseline: RunReport, candidate: RunReport) -> String? {
        guard baseline.run.mode != candidate.run.mode else { return nil }
        return "the baseline is a \(baseline.run.mode) report and the candidate a \(candidate.run.mode) report: "
            + "a smoke run's few sequential requests and a load run's concurrent ones do not measure the same thing; "
            + "compare two reports of the same profile"
    }

    static func figures(_ step: StepReport, _ report: RunReport) -> Figures {
        let seconds = report.run.durationSeconds
        return Figures(
            requests: step.requests,
            rate: report.load?.perSecond(step.requests) ?? (seconds > 0 ? Double(step.requests) / seconds : 0),
            errorRate: step.requests > 0 ? Double(step.failed) / Double(step.requests) : 0,
            latency: step.correctedLatency ?? step.latency
        )
    }

    static func value(_ figure: RegressionRule.Figure, _ figures: Figures) -> Double {
        switch figure {
        case .p50: figures.latency.p50Ms
        case .p90: figures.latency.p90Ms
        case .p95: figures.latency.p95Ms
        case .p99: figures.latency.p99Ms
        case .max: figures.latency.maxMs
        case .mean: figures.latency.meanMs
        case .errors: figures.errorRate * 100
        case .rate: figures.rate
        }
    }

    /// The rule and a sentence when `after` breaks it; a latency change within `noiseFloorMs` never does.
    private static func check(_ rule: RegressionRule, _ before: Figures, _ after: Figures, noiseFloorMs: Double) -> (String, String)? {
        if rule.figure != .errors && rule.figure != .rate && (before.latency.count == 0 || after.latency.count == 0) { return nil }
        let old = value(rule.figure, before)
        let new = value(rule.figure, after)
        let limit: Double
        switch rule.allowance {
        case .relative(let fraction): limit = old * (1 + fraction)
        case .points(let points): limit = old + points
        case .milliseconds(let ms): limit = old + ms
        }
        // A positive allowance caps growth; a negative one caps shrinkage (throughput).
        let broken = rule.allowanceIsGrowth ? new > limit + 1e-9 : new < limit - 1e-9
        let isLatency = rule.figure != .errors && rule.figure != .rate
        guard broken, !isLatency || abs(new - old) > noiseFloorMs + 1e-9 else { return nil }
        return (rule.text, "\(rule.figure.rawValue) \(ComparisonText.figure(old, rule.figure)) -> \(ComparisonText.figure(new, rule.figure)) (\(ComparisonText.change(old, new, rule.figure)))")
    }
}

extension RegressionRule {
    var allowanceIsGrowth: Bool {
        switch allowance {
        case .relative(let value), .points(let value), .milliseconds(let value): value >= 0
        }
    }
}
