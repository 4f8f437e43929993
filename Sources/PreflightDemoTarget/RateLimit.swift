import PreflightMetrics
/// A fixed-window request budget shared by all clients.
///
/// It lets tests check how a load generator reports and reacts to `429 Too Many Requests`
/// (with `Retry-After`) from an API gateway, without needing a real gateway.
public struct RateLimit: Sendable, Equatable {
    /// How many `/api/*` requests each window admits.
    public var requests: Int
    /// The length of one window; windows are aligned to the server's start.
    public var window: Duration

    public init(requests: Int, window: Duration) {
        self.requests = requests
        self.window = window
    }

    /// Parses the CLI spelling `N/WINDOW`, e.g. `100/1s` or `100/15m`.
    public init(parsing text: String) throws(DemoTargetParseError) {
        let parts = text.trimmingWhitespace().split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let requests = Int(parts[0].trimmingWhitespace()), requests > 0 else {
            throw DemoTargetParseError("'\(text)' is not a rate limit; write REQUESTS/WINDOW, e.g. 100/1s")
        }
        let window: Duration
        do {
            window = try DemoTargetParseError.duration(String(parts[1]))
        } catch {
            throw DemoTargetParseError("'\(text)': \(error.description)")
        }
        guard window > .zero else {
            throw DemoTargetParseError("'\(text)': the rate-limit window must be longer than zero")
        }
        self.init(requests: requests, window: window)
    }
}
