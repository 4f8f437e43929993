/// One problem in a threshold expression, located by an offset so a plan loader can point at it.
///
/// The offset counts Unicode scalars from the start of the expression string (0 is its first
/// character); the plan loader adds it to where the YAML scalar starts to get file:line:column.
public struct ThresholdError: Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// A concrete way to fix it, such as the metric the author probably meant.
    public var hint: String?
    public var offset: Int

    public init(message: String, hint: String? = nil, offset: Int) {
        self.message = message
        self.hint = hint
        self.offset = offset
    }

    public var description: String {
        hint.map { "\(offset): \(message) (\($0))" } ?? "\(offset): \(message)"
    }
}

/// Every problem found in one expression, so an author can fix them all in one pass.
public struct ThresholdParseErrors: Error, Sendable, Equatable {
    public var errors: [ThresholdError]

    public init(errors: [ThresholdError]) {
        self.errors = errors
    }
}
