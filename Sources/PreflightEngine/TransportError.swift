import PreflightMetrics

/// A failure below HTTP, as curl reported it.
public struct TransportError: Sendable, Equatable, Error {
    public var category: ResultCategory
    /// curl's error code (CURLcode) for diagnostics.
    public var code: Int
    /// curl's human-readable explanation.
    public var message: String
    public init(category: ResultCategory, code: Int, message: String) {
        self.category = category
        self.code = code
        self.message = message
    }
}
