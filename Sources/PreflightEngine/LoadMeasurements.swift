import PreflightMetrics

/// Everything a run measured, indexed by flow and step position: the final numbers of a report
/// and the input of thresholds. Smoke and load runs record through it alike.
///
/// In a load run each event loop fills its own copy; copies merge exactly (HDR histograms add losslessly), so
/// the hot path never shares a lock between threads.
public struct LoadMeasurements: Sendable {
    public var flows: [FlowMeasurements]

    /// Empty measurements shaped like the plan: `stepCounts[i]` steps in flow i.
    public init(stepCounts: [Int]) {
        flows = stepCounts.map { FlowMeasurements(stepCount: $0) }
    }

    public mutating func record(_ step: StepResult, flowIndex: Int) {
        guard let category = step.category, flows.indices.contains(flowIndex),
              flows[flowIndex].steps.indices.contains(step.stepIndex) else { return }
        flows[flowIndex].steps[step.stepIndex].record(step, category: category)
    }

    public mutating func record(_ iteration: FlowIterationResult, flowIndex: Int) {
        guard flows.indices.contains(flowIndex) else { return }
        flows[flowIndex].iterations += 1
        if iteration.passed { flows[flowIndex].passedIterations += 1 }
        flows[flowIndex].duration.record(micros: iteration.durationMicros)
    }

    /// Empty measurements of the same shape whose histograms already cover these ones' values:
    /// the next interval of a loop starts with arrays that need not grow on the request path.
    func emptied() -> LoadMeasurements {
        var empty = self
        empty.flows = flows.map { $0.emptied() }
        return empty
    }

    public mutating func merge(_ other: LoadMeasurements) {
        for index in flows.indices where other.flows.indices.contains(index) {
            flows[index].merge(other.flows[index])
        }
    }

    /// All steps of all flows merged: the run's overall figures.
    public var overall: StepMeasurements {
        var total = StepMeasurements()
        for flow in flows { for step in flow.steps { total.merge(step) } }
        return total
    }
}

/// One flow's steps, iteration counts and end-to-end durations: the per-flow rows of a load report.
public struct FlowMeasurements: Sendable {
    public var steps: [StepMeasurements]
    public var iterations: UInt64 = 0
    public var passedIterations: UInt64 = 0
    /// End-to-end, from each iteration's scheduled start to its last step's completion.
    public var duration = LatencyHistogram()

    init(stepCount: Int) {
        steps = Array(repeating: StepMeasurements(), count: stepCount)
    }

    /// A flow's measurements rebuilt from saved parts (a shard's report).
    public init(steps: [StepMeasurements], iterations: UInt64, passedIterations: UInt64, duration: LatencyHistogram) {
        self.steps = steps
        self.iterations = iterations
        self.passedIterations = passedIterations
        self.duration = duration
    }

    func emptied() -> FlowMeasurements {
        FlowMeasurements(steps: steps.map { $0.emptied() }, iterations: 0, passedIterations: 0, duration: LatencyHistogram(sizedLike: duration))
    }

    mutating func merge(_ other: FlowMeasurements) {
        for index in steps.indices where other.steps.indices.contains(index) { steps[index].merge(other.steps[index]) }
        iterations += other.iterations
        passedIterations += other.passedIterations
        duration.merge(other.duration)
    }
}

/// One step's requests: outcomes, service time and phases (in `statistics`), and latency
/// corrected for coordinated omission.
public struct StepMeasurements: Sendable {
    public var statistics = RequestStatistics()
    /// From the intended send time to completion.
    public var corrected = LatencyHistogram()
    /// Requests by exact status (0 when no response came) and category, so threshold selectors
    /// such as `errors{status:5xx}` or `requests{status:404}` count exactly what they name.
    public var outcomes: [Outcome: UInt64] = [:]
    public var checksTotal: UInt64 = 0
    public var checksPassed: UInt64 = 0
    /// Responses by the HTTP version they came in.
    public var httpVersions = HTTPVersionCounts()
    /// The latest TLS handshake seen, for a step that checks TLS.
    public var tls: TLSObservation?

    public init() {}

    /// Every request that was sent counts in latency, failed ones included: a timeout took its
    /// full timeout from the user's point of view, and leaving it out would flatter the tail.
    mutating func record(_ step: StepResult, category: ResultCategory) {
        let sent = step.timings.totalMicros > 0 || step.status != nil
        statistics.record(category: category, phases: sent ? step.timings : nil)
        if sent { corrected.record(micros: step.correctedMicros) }
        outcomes[Outcome(status: step.status ?? 0, category: category), default: 0] += 1
        checksTotal += UInt64(step.checksTotal)
        checksPassed += UInt64(step.checksPassed)
        if let version = step.httpVersion { httpVersions.record(version) }
        if let observed = step.tls { tls = observed }
    }

    func emptied() -> StepMeasurements {
        var empty = StepMeasurements()
        empty.statistics = statistics.emptied()
        empty.corrected = LatencyHistogram(sizedLike: corrected)
        return empty
    }

    public mutating func merge(_ other: StepMeasurements) {
        statistics.merge(other.statistics)
        corrected.merge(other.corrected)
        for (outcome, count) in other.outcomes { outcomes[outcome, default: 0] += count }
        checksTotal += other.checksTotal
        checksPassed += other.checksPassed
        httpVersions.merge(other.httpVersions)
        if let observed = other.tls { tls = observed }
    }
}

/// One kind of request result: its status (0 without a response) and its category.
public struct Outcome: Sendable, Hashable {
    public var status: Int
    public var category: ResultCategory
    public init(status: Int, category: ResultCategory) {
        self.status = status
        self.category = category
    }
}

/// Responses counted by HTTP version in fixed slots: the hot path adds one, without hashing a key.
public struct HTTPVersionCounts: Sendable, Equatable {
    /// The versions curl reports, in slot order.
    static let names = ["1.0", "1.1", "2", "3"]
    private var counts: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    public init() {}

    /// Counts rebuilt from ``byName``.
    public init(byName counts: [String: UInt64]) {
        for (name, count) in counts { record(name, count: count) }
    }

    mutating func record(_ version: String, count: UInt64 = 1) {
        switch version {
        case "1.0": counts.0 += count
        case "1.1": counts.1 += count
        case "2": counts.2 += count
        case "3": counts.3 += count
        default: break
        }
    }

    mutating func merge(_ other: HTTPVersionCounts) {
        counts.0 += other.counts.0
        counts.1 += other.counts.1
        counts.2 += other.counts.2
        counts.3 += other.counts.3
    }

    /// The non-zero counts by version name.
    public var byName: [String: UInt64] {
        var result: [String: UInt64] = [:]
        for (name, count) in zip(Self.names, [counts.0, counts.1, counts.2, counts.3]) where count > 0 { result[name] = count }
        return result
    }

    public static func == (lhs: HTTPVersionCounts, rhs: HTTPVersionCounts) -> Bool { lhs.byName == rhs.byName }
}
