/// Everything wrong with a plan, thrown instead of a `Plan` so that nothing half-valid ever runs.
public struct PlanValidationError: Error, Sendable, CustomStringConvertible {
    /// Ordered by line, then column.
    public var diagnostics: [PlanDiagnostic]

    public init(diagnostics: [PlanDiagnostic]) {
        self.diagnostics = diagnostics.enumerated().sorted { a, b in
            (a.element.location.line, a.element.location.column, a.offset)
                < (b.element.location.line, b.element.location.column, b.offset)
        }.map(\.element)
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
