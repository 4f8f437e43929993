/// The fault-injection knobs of a ``DemoTarget``.
///
/// They exist so Preflight's own checks (thresholds, retries, reports) can be exercised against
/// failures that are known in advance; all of them can be changed while the server runs.
public struct DemoTargetConfiguration: Sendable {
    /// Delay added before every request is handled, `/health` included.
    public var latency: LatencyDistribution
    /// The fraction (0...1) of `/api/*` requests answered `500 {"error":"injected failure"}`.
    public var errorRate: Double
    /// A budget for `/api/*` requests; those over it get `429` with `Retry-After`.
    public var rateLimit: RateLimit?
    /// Periodic freezes of the whole server.
    public var stall: Stall?
    /// Makes `GET /health` answer `503` with failing checks.
    public var unhealthy: Bool
    /// Records the arrival instant of every request (see ``DemoTarget/arrivals()``); off by default to keep load runs cheap.
    public var recordArrivals: Bool
    /// Browser origins allowed to call the API (CORS); any other origin's preflight gets no
    /// `Access-Control-Allow-*` headers.
    public var corsOrigins: [String]

    /// The origin the demo target allows unless told otherwise: the web front end of our checklists.
    public static let defaultCORSOrigin = "https://app.example.test"

    public init(
        latency: LatencyDistribution = .none,
        errorRate: Double = 0,
        rateLimit: RateLimit? = nil,
        stall: Stall? = nil,
        unhealthy: Bool = false,
        recordArrivals: Bool = false,
        corsOrigins: [String] = [defaultCORSOrigin]
    ) {
        self.latency = latency
        self.errorRate = errorRate
        self.rateLimit = rateLimit
        self.stall = stall
        self.unhealthy = unhealthy
        self.recordArrivals = recordArrivals
        self.corsOrigins = corsOrigins
    }
}

/// A periodic freeze of the whole server, like a stop-the-world GC pause or a failover.
///
/// Every `every` since the server started, a window of `duration` opens; requests arriving inside it
/// are held until it closes. Tests use it to see how a load generator copes with sudden queueing.
public struct Stall: Sendable, Equatable {
    public var every: Duration
    public var duration: Duration

    public init(every: Duration, duration: Duration) {
        self.every = every
        self.duration = duration
    }
}
