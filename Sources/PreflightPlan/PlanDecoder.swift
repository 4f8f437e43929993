import Yams

/// Turns the composed YAML tree into a `Plan`, recording every problem instead of stopping at the first.
///
/// Decoding is split by plan section across files (`StepDecoder.swift`, `ExpectationDecoder.swift`...),
/// all extending this one type because they share the diagnostics being collected.
struct PlanDecoder {
    let file: String
    let source: SourceText
    let environment: [String: String]
    /// Reads a file the plan names (its data file), relative to the plan; injected so decoding stays testable.
    var readFile: @Sendable (String) -> [UInt8]? = { _ in nil }
    private(set) var diagnostics: [PlanDiagnostic] = []
    /// Scalars whose environment references failed: already reported, so never checked again.
    var unresolved: Set<SourceLocation> = []
    /// Defined target names, or nil when `targets` itself is broken (then `target:` is not checked).
    var targetNames: [String]?
    /// Requests one iteration sends on average under the flow weights; set once flows are decoded.
    var requestsPerIteration: Double?
    /// Variables read by the templates decoded since the last `takeReferences()`.
    private var references: [TemplateReference] = []

    init(file: String, source: SourceText, environment: [String: String]) {
        self.file = file
        self.source = source
        self.environment = environment
    }

    static let planKeys = ["name", "targets", "defaults", "variables", "secrets", "data", "flows", "profiles", "thresholds", "regressionRules"]

    /// The plan, or nil when a required part is missing; check `diagnostics` either way.
    mutating func decode(_ document: Node) -> Plan? {
        let root = substituteEnvironment(in: document)
        guard let fields = fields(of: root, in: "the plan", allowed: Self.planKeys, owner: nil) else { return nil }
        let name = required(fields, "name", in: "the plan").flatMap { nonEmptyString($0, "'name'") }
        // Names as written, so a target whose URL is broken is not also reported as unknown.
        let writtenTargets = fields["targets"]?.mapping?.keys.compactMap { $0.scalar?.string } ?? []
        targetNames = writtenTargets.isEmpty ? nil : writtenTargets
        let defaults = decodeDefaults(fields, targetCount: writtenTargets.count)
        // After the defaults: a target's own connection settings start from theirs.
        let targets = required(fields, "targets", in: "the plan").flatMap {
            decodeTargets($0, owner: fields.keyLocation("targets"), defaults: defaults.value.connection)
        }
        let variables = fields["variables"].flatMap { decodeVariables($0, owner: fields.keyLocation("variables")) } ?? []
        let data = fields["data"].flatMap { decodeData($0, owner: fields.keyLocation("data")) }
        let (flows, scopes) = required(fields, "flows", in: "the plan").map {
            decodeFlows($0, owner: fields.keyLocation("flows"))
        } ?? (nil, [])
        // Names as written, so a variable whose value is broken is not also reported as undefined.
        let variableNames = Set(fields["variables"]?.mapping?.keys.compactMap { $0.scalar?.string } ?? [])
        let columns = Set(data?.table.columns.map { "row." + $0 } ?? [])
        let secrets = fields["secrets"].flatMap {
            decodeSecrets($0, variables: variableNames.union(columns), captures: scopes.flatMap(\.capturedNames))
        } ?? []
        if let flows {
            let weight = flows.reduce(0) { $0 + $1.weight }
            let steps = flows.reduce(0) { $0 + $1.weight * Double($1.steps.count) }
            requestsPerIteration = weight > 0 && steps > 0 ? steps / weight : nil
        }
        let profiles = decodeProfiles(fields["profiles"], owner: fields.keyLocation("profiles"), plan: fields.location, flows: flows)
        let thresholds = fields["thresholds"].flatMap { decodeThresholds($0, flows: flows) } ?? []
        let regression = fields["regressionRules"].map { decodeRegressionRules($0) } ?? RegressionSection()
        validateVariableScopes(variables: variableNames.union(columns), defaultHeaders: defaults.references, flows: scopes)
        guard let name, let targets, let flows else { return nil }
        return Plan(
            name: name,
            targets: Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }),
            defaults: defaults.value, variables: variables, secrets: secrets, flows: flows,
            profiles: profiles, thresholds: thresholds, regressionRules: regression.rules, data: data,
            regressionMinSamples: regression.minSamples, regressionNoiseFloor: regression.noiseFloor)
    }

    mutating func report(_ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(PlanDiagnostic(file: file, location: location, message: message, hint: hint))
    }

    mutating func record(_ reference: TemplateReference) {
        references.append(reference)
    }

    /// The variables read by templates decoded since the previous call.
    mutating func takeReferences() -> [TemplateReference] {
        defer { references = [] }
        return references
    }
}

/// A `{{name}}` placeholder and where it was written, for scope checks.
struct TemplateReference {
    var name: String
    var location: SourceLocation
}
