import Yams

/// Decodes `profiles:`, which say how often and how fast the flows run.
extension PlanDecoder {
    static let executorNames = ["smoke", "constant-arrival-rate", "ramping-arrival-rate", "constant-vus"]
    static let profileKeys = [
        "executor", "iterations", "rate", "duration", "maxInFlight", "stages", "vus", "thinkTime", "connections", "requestRate",
        "flows", "thresholds",
    ]
    /// Keys every executor takes: which flows run, and thresholds of the profile's own.
    static let sharedProfileKeys = ["flows", "thresholds"]
    /// The keys each executor reads, besides `executor` itself.
    static let executorKeys: [String: [String]] = [
        "smoke": ["iterations"],
        "constant-arrival-rate": ["rate", "requestRate", "duration", "maxInFlight", "connections"],
        "ramping-arrival-rate": ["stages", "maxInFlight", "connections"],
        "constant-vus": ["vus", "duration", "thinkTime", "connections"],
    ]

    /// The profiles by name; a one-iteration `smoke` profile is added when the plan has none.
    mutating func decodeProfiles(_ node: Node?, owner: SourceLocation?, plan: SourceLocation, flows: [Flow]?) -> [String: Profile] {
        var profiles: [String: Profile] = [:]
        if let node, let fields = entries(of: node, in: "'profiles'", owner: owner) {
            for entry in fields.entries {
                if let profile = decodeProfile(entry, flows: flows) { profiles[entry.key] = profile }
            }
        }
        if profiles["smoke"] == nil, node?.mapping?["smoke"] == nil {
            profiles["smoke"] = Profile(name: "smoke", executor: .smoke(iterations: 1), location: owner ?? plan)
        }
        return profiles
    }

    private mutating func decodeProfile(_ entry: Fields.Entry, flows: [Flow]?) -> Profile? {
        let context = "profile '\(entry.key)'"
        let errorsBefore = diagnostics.count
        guard let fields = fields(of: entry.value, in: context, allowed: Self.profileKeys, owner: entry.keyLocation),
              let executor = executorName(fields, profile: entry.key)
        else { return nil }
        let accepted = (Self.executorKeys[executor] ?? []) + Self.sharedProfileKeys
        for field in fields.entries where field.key != "executor" && !accepted.contains(field.key) {
            report(
                "'\(field.key)' does not apply to the \(executor) executor", at: field.keyLocation,
                hint: "\(executor) takes: " + accepted.joined(separator: ", "))
        }
        let decoded: Profile.Executor?
        switch executor {
        case "smoke":
            decoded = smokeExecutor(fields)
        case "constant-arrival-rate":
            decoded = constantArrivalRate(fields, in: context)
        case "ramping-arrival-rate":
            decoded = rampingArrivalRate(fields, in: context)
        default:
            decoded = constantVUs(fields, in: context)
        }
        let connections = fields["connections"].flatMap { integer($0, "'connections'", in: 1...Int.max) }
        let chosenFlows = fields["flows"].flatMap { profileFlows($0, in: context, flows: flows) }
        // Thresholds naming a flow the profile leaves out would have nothing to judge.
        let kept = chosenFlows.map { names in flows?.filter { names.contains($0.name) } } ?? flows
        let thresholds = fields["thresholds"].flatMap { decodeThresholds($0, flows: kept) }
        guard let decoded, diagnostics.count == errorsBefore else { return nil }
        var profile = Profile(name: entry.key, executor: decoded, connections: connections, location: entry.keyLocation)
        profile.flows = chosenFlows
        profile.thresholds = thresholds
        return profile
    }

    /// `flows: [checkout, health]`: names of flows the plan defines, at least one.
    private mutating func profileFlows(_ node: Node, in context: String, flows: [Flow]?) -> [String]? {
        guard let items = list(node, "'flows' of \(context)") else { return nil }
        let known = flows?.map(\.name)
        var names: [String] = []
        for item in items {
            guard let name = nonEmptyString(item, "a flow name") else { continue }
            if let known, !known.contains(name) {
                report("\(context) names unknown flow '\(name)'", at: location(of: item),
                       hint: DidYouMean.hint(for: name, among: known) ?? "defined flows: " + known.joined(separator: ", "))
            }
            names.append(name)
        }
        if names.isEmpty { report("'flows' of \(context) must name at least one flow", at: location(of: node)) }
        return names
    }

    /// The executor named by `executor:`, or smoke for a profile called `smoke` or one with `iterations`.
    private mutating func executorName(_ fields: Fields, profile: String) -> String? {
        let names = Self.executorNames
        guard let node = fields["executor"] else {
            if profile == "smoke" || fields["iterations"] != nil { return "smoke" }
            report(
                "missing required key 'executor' in profile '\(profile)'", at: fields.location,
                hint: "use one of " + names.joined(separator: ", "))
            return nil
        }
        guard let name = string(node, "'executor'") else { return nil }
        guard names.contains(name) else {
            report(
                "unknown executor '\(name)'", at: location(of: node),
                hint: DidYouMean.hint(for: name, among: names) ?? "use one of " + names.joined(separator: ", "))
            return nil
        }
        return name
    }

    private mutating func smokeExecutor(_ fields: Fields) -> Profile.Executor? {
        guard let node = fields["iterations"] else { return .smoke(iterations: 1) }
        return integer(node, "'iterations'", in: 1...Int.max).map { .smoke(iterations: $0) }
    }

    /// `rate` counts iterations; `requestRate` counts requests and is turned into iterations with
    /// the plan's average steps per iteration under the flow weights (every step sent).
    private mutating func constantArrivalRate(_ fields: Fields, in context: String) -> Profile.Executor? {
        let key = fields["requestRate"] != nil && fields["rate"] == nil ? "requestRate" : "rate"
        if fields["requestRate"] != nil, fields["rate"] != nil, let node = fields["requestRate"] {
            report("give either 'rate' (iterations) or 'requestRate' (requests), not both", at: location(of: node))
        }
        var rate = required(fields, key, in: context).flatMap { self.rate($0, "'\(key)'") }
        if let given = rate, given <= 0, let node = fields[key] {
            report("'\(key)' must be greater than 0", at: location(of: node))
        }
        if key == "requestRate", let given = rate {
            rate = requestsPerIteration.map { given / $0 }
        }
        let duration = required(fields, "duration", in: context).flatMap { self.duration($0, "'duration'") }
        guard let rate, let duration else { return nil }
        return .constantArrivalRate(rate: rate, duration: duration, maxInFlight: maxInFlight(fields))
    }

    private mutating func rampingArrivalRate(_ fields: Fields, in context: String) -> Profile.Executor? {
        let items = required(fields, "stages", in: context).flatMap { list($0, "'stages'") }
        if let items, items.isEmpty, let node = fields["stages"] {
            report("'stages' must list at least one stage", at: location(of: node),
                   hint: "for example: [{ target: 100/s, duration: 1m }]")
        }
        var stages: [RateStage] = []
        for item in items ?? [] {
            guard let stage = self.fields(of: item, in: "a stage", allowed: ["target", "duration"], owner: nil) else {
                continue
            }
            let target = required(stage, "target", in: "a stage").flatMap { self.rate($0, "'target'") }
            let duration = required(stage, "duration", in: "a stage").flatMap { self.duration($0, "'duration'") }
            if let target, let duration { stages.append(RateStage(target: target, duration: duration)) }
        }
        guard let items, !items.isEmpty, stages.count == items.count else { return nil }
        return .rampingArrivalRate(stages: stages, maxInFlight: maxInFlight(fields))
    }

    private mutating func constantVUs(_ fields: Fields, in context: String) -> Profile.Executor? {
        let vus = required(fields, "vus", in: context).flatMap { integer($0, "'vus'", in: 1...Int.max) }
        let duration = required(fields, "duration", in: context).flatMap { self.duration($0, "'duration'") }
        let thinkTime = fields["thinkTime"].flatMap { self.duration($0, "'thinkTime'", allowZero: true) }
        guard let vus, let duration else { return nil }
        return .constantVUs(vus: vus, duration: duration, thinkTime: thinkTime ?? .zero)
    }

    /// The cap on concurrent iterations of an open-model executor; nil when absent or reported as invalid.
    private mutating func maxInFlight(_ fields: Fields) -> Int? {
        fields["maxInFlight"].flatMap { integer($0, "'maxInFlight'", in: 1...Int.max) }
    }
}
