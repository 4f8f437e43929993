/// Why a template could not be parsed, and where, so the loader can point at the exact column.
public struct TemplateSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    /// Offset from the start of the template text, in Unicode scalars (the unit YAML columns count).
    public var offset: Int

    public init(message: String, hint: String? = nil, offset: Int) {
        self.message = message
        self.hint = hint
        self.offset = offset
    }

    public var description: String { "\(message) (at offset \(offset))" }
}
