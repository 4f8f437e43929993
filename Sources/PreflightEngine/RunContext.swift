import PreflightPlan

/// What every iteration of a run shares and needs only once: the request builder, the plan's
/// variables as a dictionary and a redactor primed with its secrets. Built once per run so an
/// iteration starts without re-deriving them.
struct RunContext: Sendable {
    let builder: RequestBuilder
    let variables: [String: String]
    let redactor: SecretRedactor
    let secretNames: Set<String>
    /// The run's one feed of data rows, shared by every loop; nil without `data:`.
    let data: DataFeed?

    /// A shard gets its own share of the data rows.
    init(plan: Plan, shard: Shard = .whole) {
        builder = RequestBuilder(plan: plan)
        variables = Dictionary(plan.variables.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        redactor = SecretRedactor(plan: plan)
        secretNames = plan.secrets
        data = plan.data.map { DataFeed(source: $0, shard: shard) }
    }
}
