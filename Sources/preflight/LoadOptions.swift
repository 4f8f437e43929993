import ArgumentParser
import PreflightEngine
import PreflightPlan

/// Command-line overrides of a load profile, so one plan serves a quick check and a long soak.
struct LoadOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Override the arrival rate, e.g. 200/s or 12000/m.", valueName: "rate"), transform: TypedArguments.rate)
    var rate: Double?

    @Option(help: ArgumentHelp("Override the duration, e.g. 30s or 5m.", valueName: "duration"), transform: TypedArguments.duration)
    var duration: Duration?

    @Option(help: "Override the number of virtual users of a closed-model profile.")
    var vus: Int?

    @Option(help: "Cap on iterations in flight; further arrivals are counted as dropped.")
    var maxInFlight: Int?

    @Option(help: "Most requests on the wire at once (a fixed connection pool, like wrk's -c); default: the profile's, else no limit.")
    var connections: Int?

    @Option(help: "How arrivals are spaced: even (a smooth stream) or poisson (random, like independent users).")
    var arrivals: Spacing = .even

    @Option(help: "Seed for poisson arrivals, for repeatable runs.")
    var seed: UInt64 = 1

    enum Spacing: String, ExpressibleByArgument, CaseIterable {
        case even, poisson
    }

    func validate() throws {
        if let vus, vus < 1 { throw ValidationError("--vus must be at least 1") }
        if let maxInFlight, maxInFlight < 1 { throw ValidationError("--max-in-flight must be at least 1") }
        if let connections, connections < 1 { throw ValidationError("--connections must be at least 1") }
    }

    /// Overrides that mean nothing for this executor, in words; a run refuses them rather than
    /// silently ignoring what the user asked for.
    func inapplicable(to executor: Profile.Executor) -> [String] {
        var problems: [String] = []
        switch executor {
        case .smoke:
            if rate != nil || duration != nil || vus != nil || maxInFlight != nil || connections != nil {
                problems.append("--rate, --duration, --vus, --max-in-flight and --connections apply to load profiles, not to a smoke profile")
            }
        case .constantArrivalRate:
            if vus != nil { problems.append("--vus applies to constant-vus profiles; this one is constant-arrival-rate") }
        case .rampingArrivalRate:
            if vus != nil { problems.append("--vus applies to constant-vus profiles; this one is ramping-arrival-rate") }
            if duration != nil, rate == nil { problems.append("--duration needs --rate on a ramping profile, whose stages set their own durations") }
        case .constantVUs:
            if rate != nil { problems.append("--rate applies to arrival-rate profiles; this one is constant-vus") }
            if maxInFlight != nil { problems.append("--max-in-flight applies to arrival-rate profiles; constant-vus has --vus") }
        }
        return problems
    }

    /// The executor of `profile` with these overrides applied; nil for a smoke profile.
    func executor(for profile: Profile) -> LoadShape? {
        guard var executor = LoadShape.from(profile.executor, rate: rate, duration: duration, users: vus) else { return nil }
        if let maxInFlight, case .arrivalRate(let curve, _) = executor { executor = .arrivalRate(curve, maxInFlight: maxInFlight) }
        return executor
    }

    var spacing: ArrivalSpacing {
        arrivals == .poisson ? .poisson(seed: seed) : .even
    }
}
