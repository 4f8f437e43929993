import PreflightMetrics

/// A load or smoke test plan, decoded and validated.
///
/// One plan serves both the post-deploy smoke step and the pre-launch load test: flows and
/// expectations are shared, and profiles decide how often and how fast the flows run.
/// Every value here has already been checked, so the engine never meets a malformed plan.
public struct Plan: Sendable, Equatable {
    public var name: String
    /// Base URLs by name (`api`, `auth`, `admin`...): several services behind one load balancer.
    public var targets: [String: Target]
    public var defaults: Defaults
    /// Plan variables after environment interpolation, in declaration order.
    public var variables: [Variable]
    /// Names of variables (declared or captured) whose values are never printed or written.
    public var secrets: Set<String>
    public var flows: [Flow]
    public var profiles: [String: Profile]
    /// Thresholds, parsed once when the plan loads; evaluated by the metrics layer.
    public var thresholds: [ThresholdSpec]
    /// Rules `preflight compare --plan` gates on, such as `p95 +10%`, parsed once when the plan loads.
    public var regressionRules: [RegressionRule]
    /// The plan's `minSamples` and `noiseFloor` for `compare`, each nil when not set.
    public var regressionMinSamples: Int?
    public var regressionNoiseFloor: Duration?
    /// The rows iterations take, one each, read as `{{row.<column>}}`; read when the plan loads.
    public var data: DataSource?

    public init(
        name: String, targets: [String: Target], defaults: Defaults = Defaults(),
        variables: [Variable] = [], secrets: Set<String> = [], flows: [Flow],
        profiles: [String: Profile] = [:], thresholds: [ThresholdSpec] = [], regressionRules: [RegressionRule] = [],
        data: DataSource? = nil, regressionMinSamples: Int? = nil, regressionNoiseFloor: Duration? = nil
    ) {
        self.regressionMinSamples = regressionMinSamples
        self.regressionNoiseFloor = regressionNoiseFloor
        self.data = data
        self.name = name
        self.targets = targets
        self.defaults = defaults
        self.variables = variables
        self.secrets = secrets
        self.flows = flows
        self.profiles = profiles
        self.thresholds = thresholds
        self.regressionRules = regressionRules
    }

    /// The target a step is sent to: its own, else the default, else the only one. The one place
    /// this rule lives, for the request builder and the threshold selectors alike.
    public func targetName(of step: Step) -> String {
        step.target ?? defaults.target ?? targets.keys.min() ?? ""
    }
}

/// Where something was written in the plan file, so every message can point at it.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// A named service base URL such as `http://127.0.0.1:8080` or `https://api.example.com/v1`.
public struct Target: Sendable, Equatable {
    public var name: String
    public var baseURL: String
    /// The target's own connection settings (the defaults' with its own keys written over them),
    /// nil when it has none: several services behind different load balancers, one of them
    /// before its DNS cutover or speaking only HTTP/1.1.
    public var connection: ConnectionSettings?
    public init(name: String, baseURL: String, connection: ConnectionSettings? = nil) {
        self.name = name
        self.baseURL = baseURL
        self.connection = connection
    }
}

/// Settings every step inherits unless it overrides them.
public struct Defaults: Sendable, Equatable {
    /// The target a step hits when it names none; nil only when the plan has exactly one target.
    public var target: String?
    public var headers: [Header]
    public var connectTimeout: Duration
    public var totalTimeout: Duration
    public var followRedirects: Bool
    public var maxRedirects: Int
    /// TLS certificate and host verification; on unless a plan turns it off on purpose.
    public var verifyTLS: Bool
    /// How connections are made: trusted CAs, TLS floor, client certificate, address overrides.
    public var connection = ConnectionSettings()
    /// Each flow iteration keeps the cookies its responses set and sends them back, as a
    /// browser does for one visitor; on by default.
    public var keepCookies = true
    /// Response bodies are kept up to this many bytes; past it a step says the body was cut.
    public var maxBodyBytes: Int

    /// The body limit when a plan sets none: room for any API response a flow reads, while a
    /// load run with thousands of requests in flight cannot hold gigabytes.
    public static let defaultMaxBodyBytes = 8 << 20

    public init(
        target: String? = nil, headers: [Header] = [], connectTimeout: Duration = .seconds(5),
        totalTimeout: Duration = .seconds(30), followRedirects: Bool = false, maxRedirects: Int = 5,
        verifyTLS: Bool = true, maxBodyBytes: Int = Defaults.defaultMaxBodyBytes
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.target = target
        self.headers = headers
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
        self.verifyTLS = verifyTLS
    }
}

/// A header whose value may use `{{variables}}`.
public struct Header: Sendable, Equatable {
    public var name: String
    public var value: Template
    public init(name: String, value: Template) {
        self.name = name
        self.value = value
    }
}

/// A plan variable; its value is fixed once environment interpolation has run.
public struct Variable: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An ordered user journey (login, create order, sync...). Captures flow from step to step.
public struct Flow: Sendable, Equatable {
    public var name: String
    /// Relative share of iterations in a weighted load mix; smoke runs ignore it.
    public var weight: Double
    public var steps: [Step]
    public var location: SourceLocation
    public init(name: String, weight: Double = 1, steps: [Step], location: SourceLocation) {
        self.name = name
        self.weight = weight
        self.steps = steps
        self.location = location
    }
}

/// One HTTP exchange of a flow, with what it must satisfy and what it passes on.
public struct Step: Sendable, Equatable {
    public var name: String
    /// Target name; nil means the plan's default target. Ignored when `path` is an absolute URL.
    public var target: String?
    public var method: String
    /// A path relative to the target's base URL, or an absolute URL.
    public var path: Template
    public var headers: [Header]
    public var query: [QueryItem]
    public var body: Body?
    /// Overrides the plan's total timeout for this step.
    public var timeout: Duration?
    /// A pause after this step before the flow's next one, as a user reads a page: counted in
    /// the flow's duration, never in a request's latency.
    public var thinkTime: ThinkTime?
    public var expectations: [Expectation]
    public var captures: [Capture]
    public var location: SourceLocation

    public init(
        name: String, target: String? = nil, method: String = "GET", path: Template,
        headers: [Header] = [], query: [QueryItem] = [], body: Body? = nil, timeout: Duration? = nil,
        expectations: [Expectation] = [], captures: [Capture] = [], location: SourceLocation
    ) {
        self.name = name
        self.target = target
        self.method = method
        self.path = path
        self.headers = headers
        self.query = query
        self.body = body
        self.timeout = timeout
        self.expectations = expectations
        self.captures = captures
        self.location = location
    }
}

/// A query parameter or form field whose value may use `{{variables}}`.
public struct QueryItem: Sendable, Equatable {
    public var name: String
    public var value: Template
    public init(name: String, value: Template) {
        self.name = name
        self.value = value
    }
}

/// A request body; the engine sets a matching Content-Type unless the step sets one.
public enum Body: Sendable, Equatable {
    case json(JSONTemplate)
    case form([QueryItem])
    case raw(Template)
    /// `multipart/form-data`: text fields and files, in the order written.
    case multipart([MultipartPart])
}

/// One part of a multipart body: a text field (which may use placeholders) or a file read when the
/// plan loads, sent byte for byte.
public struct MultipartPart: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case text(Template)
        case file(bytes: [UInt8], filename: String, contentType: String)
    }

    public var name: String
    public var content: Content

    public init(name: String, content: Content) {
        self.name = name
        self.content = content
    }
}

/// A JSON document whose strings may be templates.
public indirect enum JSONTemplate: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(Template)
    case array([JSONTemplate])
    case object([(key: String, value: JSONTemplate)])

    public static func == (lhs: JSONTemplate, rhs: JSONTemplate) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }
}

/// Something a response must satisfy for its step to pass.
public struct Expectation: Sendable, Equatable {
    public var kind: Kind
    public var location: SourceLocation
    public init(_ kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public enum Kind: Sendable, Equatable {
        case status(StatusMatcher)
        case header(name: String, HeaderCheck)
        case json(path: JSONPath, JSONCheck)
        case bodyContains(Template)
        case bodyMatches(pattern: Pattern)
        case maxDuration(Duration)
        /// The connection's TLS and the server certificate, checked as go-live checklists ask.
        case tls(TLSCheck)
    }
}

/// The statuses a step accepts: one code, a set, or a class such as `2xx`.
public enum StatusMatcher: Sendable, Equatable {
    case exact(Int)
    case oneOf([Int])
    /// `2xx` is `.statusClass(2)`.
    case statusClass(Int)
}

/// What a response header must be: present, absent, equal to a value or matching a pattern.
public enum HeaderCheck: Sendable, Equatable {
    case exists
    case absent
    case equals(Template)
    case matches(pattern: Pattern)
}

/// What the value at a JSON path must be: present, equal to a literal, matching a pattern or of a type.
public enum JSONCheck: Sendable, Equatable {
    case exists
    case equals(JSONScalar)
    case matches(pattern: Pattern)
    case type(JSONType)
}

/// A literal a JSON value is compared with.
public enum JSONScalar: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    /// Text, which may use placeholders (`"{{orderId}}"`): compared with its rendered value.
    case string(Template)
}

/// JSON type names as plans write them in `type:` checks.
public enum JSONType: String, Sendable, Equatable, CaseIterable {
    case string, number, boolean, object, array, null
}

/// Takes a value from a response into a variable later steps of the same flow can use.
public struct Capture: Sendable, Equatable {
    public var variable: String
    public var source: Source
    public var location: SourceLocation
    public init(variable: String, source: Source, location: SourceLocation) {
        self.variable = variable
        self.source = source
        self.location = location
    }

    public enum Source: Sendable, Equatable {
        case json(JSONPath)
        case header(String)
        /// Capture group `group` of the first match in the body (0 is the whole match).
        case regex(pattern: Pattern, group: Int)
        case cookie(String)
    }
}

/// How a profile drives the flows.
public struct Profile: Sendable, Equatable {
    public var name: String
    public var executor: Executor
    /// Most requests on the wire at once (a fixed connection pool, like wrk's `-c`); nil for no
    /// limit. Requests beyond it wait unsent, which corrected latency counts and service time does not.
    public var connections: Int?
    /// The flows this profile runs (`flows:`); nil runs them all. A canary watch runs the
    /// critical flows only.
    public var flows: [String]?
    /// Thresholds of this profile's own (`thresholds:`), replacing the plan's: a 15-minute watch at
    /// 2 iterations/s is not judged on the load test's `requests rate >= 200/s`.
    public var thresholds: [ThresholdSpec]?
    public var location: SourceLocation
    public init(name: String, executor: Executor, connections: Int? = nil, location: SourceLocation) {
        self.name = name
        self.executor = executor
        self.connections = connections
        self.location = location
    }

    public enum Executor: Sendable, Equatable {
        /// Each flow `iterations` times, one after another, stopping a flow at its first failing step.
        case smoke(iterations: Int)
        /// Open model: iterations started per second, whatever the target's latency.
        case constantArrivalRate(rate: Double, duration: Duration, maxInFlight: Int?)
        /// Open model with stages: ramp linearly from the previous rate to `target` over `duration`.
        case rampingArrivalRate(stages: [RateStage], maxInFlight: Int?)
        /// Closed model: `vus` users each running flows back to back, pausing `thinkTime` between.
        case constantVUs(vus: Int, duration: Duration, thinkTime: Duration)
    }
}

/// One stage of a ramping profile: reach `target` iterations per second over `duration`.
public struct RateStage: Sendable, Equatable {
    public var target: Double
    public var duration: Duration
    public init(target: Double, duration: Duration) {
        self.target = target
        self.duration = duration
    }
}

/// A threshold as written in the plan, kept with its location for error messages.
public struct ThresholdSpec: Sendable, Equatable {
    /// Parsed once, when the plan loads; nothing downstream reads the expression text again.
    public var threshold: Threshold
    /// The expression as written.
    public var expression: String { threshold.source }
    /// Stop the run early when this threshold fails while it is still going.
    public var abortOnFail: Bool
    /// How long into the run before an abort may happen, so a cold start cannot abort a run.
    public var abortGrace: Duration
    public var location: SourceLocation
    public init(threshold: Threshold, abortOnFail: Bool = false, abortGrace: Duration = .zero, location: SourceLocation) {
        self.threshold = threshold
        self.abortOnFail = abortOnFail
        self.abortGrace = abortGrace
        self.location = location
    }
}

/// How a plan's connections are made, beyond the URL: what a staging deployment behind a private
/// CA, a new load balancer tested before its DNS cutover, or an mTLS API needs.
public struct ConnectionSettings: Sendable, Equatable {
    /// PEM file of the CAs to trust instead of the system's (`tls.caFile`, `--cacert`).
    public var caFile: String?
    /// The lowest TLS version accepted; a server that offers less fails with `tls_error`.
    public var minTLSVersion: TLSVersion?
    /// PEM client certificate and key for servers that require mutual TLS.
    public var clientCertificate: String?
    public var clientKey: String?
    /// `HOST:PORT:ADDRESS` entries: the host name stays in the URL, the Host header and TLS (SNI and
    /// certificate checks) while the connection goes to ADDRESS: testing before a DNS cutover.
    public var resolve: [String] = []
    /// `HOST:PORT:CONNECT-HOST:CONNECT-PORT` entries, as curl's `--connect-to`.
    public var connectTo: [String] = []
    /// Which HTTP version to speak.
    public var httpVersion: HTTPVersionChoice = .negotiated

    public init() {}
}

/// The HTTP version a target is spoken to in (`http:` in the plan, `--http`).
public enum HTTPVersionChoice: String, Sendable, CaseIterable {
    /// HTTP/2 where the server offers it during the TLS handshake (ALPN), HTTP/1.1 otherwise: what
    /// browsers and curl do.
    case negotiated
    /// HTTP/1.1 only, as an older load balancer or an API behind one speaks it.
    case http1_1 = "1.1"
    /// HTTP/2 required: offered by ALPN over TLS, with prior knowledge over plain http (h2c). A
    /// step answered in another version fails, so a run never measures a version it was not asked to.
    case http2 = "2"
}

/// TLS protocol versions a plan can require as a minimum.
public enum TLSVersion: String, Sendable, CaseIterable {
    case tls12 = "1.2"
    case tls13 = "1.3"
}

/// How long a user pauses between two steps: a fixed time (`think: 1s`) or a uniformly random one
/// in a range (`think: 500ms..2s`), so a load test does not march in lockstep.
public enum ThinkTime: Sendable, Equatable {
    case fixed(Duration)
    case range(Duration, Duration)

    /// One pause, drawn from `generator` for a range.
    public func sample(using generator: inout some RandomNumberGenerator) -> Duration {
        switch self {
        case .fixed(let duration): duration
        case .range(let low, let high):
            .microseconds(Int64.random(in: low.microseconds...high.microseconds, using: &generator))
        }
    }
}

/// What a step checks of the connection's TLS: the negotiated version, how long the certificate
/// stays valid, whether it names the host, and who issued it. Any field left out is not checked.
public struct TLSCheck: Sendable, Equatable {
    public var minVersion: TLSVersion?
    /// The certificate must stay valid at least this long from now (`14d`).
    public var validForAtLeast: Duration?
    /// The certificate's subject alternative names must cover the request's host.
    public var coversHost: Bool
    public var issuer: Pattern?

    public init(minVersion: TLSVersion? = nil, validForAtLeast: Duration? = nil, coversHost: Bool = false, issuer: Pattern? = nil) {
        self.minVersion = minVersion
        self.validForAtLeast = validForAtLeast
        self.coversHost = coversHost
        self.issuer = issuer
    }
}

extension Plan {
    /// The plan as `profile` runs it: only the profile's flows, and its thresholds when it has its own.
    public func applying(_ profile: Profile) -> Plan {
        var plan = self
        if let names = profile.flows { plan.flows = flows.filter { names.contains($0.name) } }
        if let thresholds = profile.thresholds { plan.thresholds = thresholds }
        return plan
    }
}
