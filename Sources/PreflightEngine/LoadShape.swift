import PreflightPlan

/// The shape of the load a run offers: the engine's form of a profile's executor (an arrival-rate
/// curve with its in-flight cap, or a number of virtual users), resolved from the plan profile and
/// command-line overrides. Named apart from `LoadRunner` (the engine that offers it) and
/// `LoadSession` (the whole run: offer, judge, report).
public enum LoadShape: Sendable, Equatable {
    /// Open model: iterations start on the curve's schedule whatever the latency.
    case arrivalRate(ArrivalCurve, maxInFlight: Int)
    /// Closed model: a fixed number of users, each starting its next iteration when the last ends.
    case virtualUsers(Int, duration: Duration, thinkTime: Duration)

    public var isOpenModel: Bool {
        if case .arrivalRate = self { true } else { false }
    }

    /// Planned length of the run in seconds.
    public var plannedSeconds: Double {
        switch self {
        case .arrivalRate(let curve, _): curve.totalSeconds
        case .virtualUsers(_, let duration, _): duration.seconds
        }
    }

    /// Default cap on iterations in flight when a profile sets none: generous enough for any
    /// healthy target, low enough that a dead one cannot exhaust the machine.
    public static let defaultMaxInFlight = 10_000

    /// The executor of a load profile with optional overrides; nil for a smoke profile.
    public static func from(
        _ executor: Profile.Executor, rate: Double? = nil, duration: Duration? = nil, users: Int? = nil
    ) -> LoadShape? {
        switch executor {
        case .smoke:
            return nil
        case .constantArrivalRate(let plannedRate, let plannedDuration, let maxInFlight):
            let curve = ArrivalCurve.constant(rate: rate ?? plannedRate, duration: duration ?? plannedDuration)
            return .arrivalRate(curve, maxInFlight: maxInFlight ?? defaultMaxInFlight)
        case .rampingArrivalRate(let stages, let maxInFlight):
            var curve = ArrivalCurve.ramping(stages: stages)
            if let rate { curve = .constant(rate: rate, duration: duration ?? .seconds(curve.totalSeconds)) }
            return .arrivalRate(curve, maxInFlight: maxInFlight ?? defaultMaxInFlight)
        case .constantVUs(let plannedUsers, let plannedDuration, let thinkTime):
            return .virtualUsers(users ?? plannedUsers, duration: duration ?? plannedDuration, thinkTime: thinkTime)
        }
    }
}
