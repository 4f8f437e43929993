/// One problem found in a plan, in the `file:line:column: error:` form editors and CI logs link to.
///
/// Loading reports every problem at once, each with its own location, so a plan author can fix
/// them all in one pass instead of rerunning the tool after every correction.
public struct PlanDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var location: SourceLocation
    public var message: String
    /// A concrete suggestion, such as the key the author probably meant.
    public var hint: String?

    public init(file: String, location: SourceLocation, message: String, hint: String? = nil) {
        self.file = file
        self.location = location
        self.message = message
        self.hint = hint
    }

    public var description: String {
        let line = "\(file):\(location.line):\(location.column): error: \(message)"
        guard let hint else { return line }
        return line + "\n    hint: \(hint)"
    }
}

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
