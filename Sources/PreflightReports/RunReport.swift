import PreflightMetrics

/// The report of one run as data: every renderer (terminal, JSON, later HTML/JUnit/Markdown) is a
/// pure function of this value, and the JSON form round-trips so a saved report can be re-rendered.
public struct RunReport: Sendable, Equatable, Codable {
    /// Bumped on any change a reader of the JSON would notice.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var tool: ToolInfo
    public var run: RunInfo
    public var targets: [TargetInfo]
    public var verdict: Verdict
    public var flows: [FlowReport]
    /// Each threshold with what was observed; absent for smoke runs.
    public var thresholds: [ThresholdResult]?
    /// Schedule, validity, generator cost and time series of a load run; absent for smoke runs.
    public var load: LoadSection?
    /// Where the percentiles come from, so a reader knows what they may compare them with.
    public var provenance: LatencyProvenance?
    /// A shard's lossless measurements, for `preflight merge`; absent unless run with `--shard`.
    public var shard: ShardRecord?
    /// For a merged report: the shard reports it was made of.
    public var merged: MergeInfo?

    public init(
        schemaVersion: Int = RunReport.currentSchemaVersion, tool: ToolInfo = ToolInfo(), run: RunInfo, targets: [TargetInfo],
        verdict: Verdict, flows: [FlowReport], thresholds: [ThresholdResult]? = nil, load: LoadSection? = nil,
        provenance: LatencyProvenance? = nil, shard: ShardRecord? = nil, merged: MergeInfo? = nil
    ) {
        self.shard = shard
        self.merged = merged
        self.schemaVersion = schemaVersion
        self.tool = tool
        self.run = run
        self.targets = targets
        self.verdict = verdict
        self.flows = flows
        self.thresholds = thresholds
        self.load = load
        self.provenance = provenance
    }
}

/// Which shard reports a merged report adds up.
public struct MergeInfo: Sendable, Equatable, Codable {
    /// The shard count the reports declared.
    public var shards: Int
    /// Each report merged: its file and its shard (`2/3`).
    public var reports: [MergedShard]
    public init(shards: Int, reports: [MergedShard]) {
        self.shards = shards
        self.reports = reports
    }
}

public struct MergedShard: Sendable, Equatable, Codable {
    public var file: String
    public var shard: String
    public var lateSeconds: Double
    public init(file: String, shard: String, lateSeconds: Double) {
        self.file = file
        self.shard = shard
        self.lateSeconds = lateSeconds
    }
}

/// Which build of Preflight wrote the report, so figures from different versions are not mixed up unknowingly.
public struct ToolInfo: Sendable, Equatable, Codable {
    public static let currentVersion = PreflightVersion.current
    public var name: String
    public var version: String
    public init(name: String = "preflight", version: String = ToolInfo.currentVersion) {
        self.name = name
        self.version = version
    }
}

/// What ran and when: the plan (by name, file and content hash) and the profile, so a report can be traced to its inputs.
public struct RunInfo: Sendable, Equatable, Codable {
    public var planName: String
    public var planFile: String
    /// SHA-256 of the plan file's bytes: which exact plan produced these numbers.
    public var planSHA256: String
    public var profile: String
    /// `smoke` today; load executors come with the load mode.
    public var mode: String
    public var startedAt: String
    public var endedAt: String
    public var durationSeconds: Double
    /// How connections were made when that differs from the default (TLS not verified, a private
    /// CA, a TLS floor, address overrides): a report must say when its numbers came from a
    /// connection that was not the ordinary one. Absent otherwise.
    public var connection: ConnectionInfo?

    public init(planName: String, planFile: String, planSHA256: String, profile: String, mode: String, startedAt: String, endedAt: String, durationSeconds: Double, connection: ConnectionInfo? = nil) {
        self.connection = connection
        self.planName = planName
        self.planFile = planFile
        self.planSHA256 = planSHA256
        self.profile = profile
        self.mode = mode
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.durationSeconds = durationSeconds
    }
}

/// The connection settings a run used, when any differs from the default.
public struct ConnectionInfo: Sendable, Equatable, Codable {
    /// False with `--insecure` or `tls.verify: false`: certificates and host names were not checked.
    public var tlsVerified: Bool
    public var caFile: String?
    public var minTLSVersion: String?
    public var clientCertificate: Bool?
    /// `HOST:PORT:ADDRESS` overrides: the traffic went to these addresses, not to what DNS says.
    public var resolve: [String]?
    public var connectTo: [String]?
    /// `1.1` or `2` when the plan or `--http` chose a version; absent when negotiated.
    public var httpVersion: String?

    public init(
        tlsVerified: Bool, caFile: String? = nil, minTLSVersion: String? = nil, clientCertificate: Bool? = nil,
        resolve: [String]? = nil, connectTo: [String]? = nil, httpVersion: String? = nil
    ) {
        self.httpVersion = httpVersion
        self.tlsVerified = tlsVerified
        self.caFile = caFile
        self.minTLSVersion = minTLSVersion
        self.clientCertificate = clientCertificate
        self.resolve = resolve
        self.connectTo = connectTo
    }

    /// True when the settings change what the numbers mean (TLS unchecked, traffic sent to other
    /// addresses): the terminal and the HTML say so up front. A CA file or a TLS floor is recorded
    /// in the JSON but not announced, since `$CURL_CA_BUNDLE` sets one on many machines.
    public var changesWhatWasTested: Bool {
        !tlsVerified || !(resolve ?? []).isEmpty || !(connectTo ?? []).isEmpty
    }

    /// One line for people: what was unusual about the connections.
    public var summary: String {
        var parts: [String] = []
        if !tlsVerified { parts.append("TLS NOT VERIFIED (--insecure)") }
        if let caFile { parts.append("CA file \(caFile)") }
        if let minTLSVersion { parts.append("TLS \(minTLSVersion)+") }
        if clientCertificate == true { parts.append("client certificate") }
        if let resolve, !resolve.isEmpty { parts.append("resolve " + resolve.joined(separator: ", ")) }
        if let connectTo, !connectTo.isEmpty { parts.append("connect-to " + connectTo.joined(separator: ", ")) }
        if let httpVersion { parts.append("HTTP/\(httpVersion) only") }
        return parts.joined(separator: "; ")
    }
}

/// A target's base URL with any user:password removed.
public struct TargetInfo: Sendable, Equatable, Codable {
    public var name: String
    public var url: String
    /// The target's own connection settings, when it has some that are not the ordinary ones.
    public var connection: ConnectionInfo?
    public init(name: String, url: String, connection: ConnectionInfo? = nil) {
        self.name = name
        self.url = url
        self.connection = connection
    }
}

/// The go/no-go a pipeline acts on: status, the exit code the run ended with, and why in sentences.
public struct Verdict: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case passed, failed, invalid, interrupted
        /// One shard of a split run: its figures cover only its part of the load, so only
        /// `preflight merge` judges; it exits 0 once its report is written.
        case shard
    }
    public var status: Status
    public var exitCode: Int32
    /// One sentence each, for the banner and the CI log.
    public var reasons: [String]
    public init(status: Status, exitCode: Int32, reasons: [String]) {
        self.status = status
        self.exitCode = exitCode
        self.reasons = reasons
    }
}

/// One flow of the plan: how many iterations ran and passed, and its steps in order.
public struct FlowReport: Sendable, Equatable, Codable {
    public var name: String
    public var iterations: Int
    public var passedIterations: Int
    public var steps: [StepReport]
    /// End-to-end iteration duration from its intended start (load runs).
    public var duration: LatencySummary?
    public init(name: String, iterations: Int, passedIterations: Int, steps: [StepReport], duration: LatencySummary? = nil) {
        self.name = name
        self.iterations = iterations
        self.passedIterations = passedIterations
        self.steps = steps
        self.duration = duration
    }
}

/// One step of a flow: outcomes by category, latency and phases, failure samples and histograms.
public struct StepReport: Sendable, Equatable, Codable {
    public var name: String
    public var requests: UInt64
    public var skipped: Int
    /// Counts by `ResultCategory` raw value (`ok`, `http_429`, `timeout`...); zero counts left out.
    public var results: [String: UInt64]
    /// Service time: from the actual send to the last byte, as curl measured it.
    public var latency: LatencySummary
    /// From the intended send time, corrected for coordinated omission (load runs).
    public var correctedLatency: LatencySummary?
    public var phases: PhaseSummaries
    /// Expectations evaluated and passed (load runs).
    public var checksTotal: UInt64?
    public var checksPassed: UInt64?
    /// A few failed requests of this step, for a first look without rerunning.
    public var failureSamples: [FailureSample]
    /// The step's latency histograms, lossless, for merging and re-analysing saved reports.
    public var histograms: LatencyHistograms?
    /// Responses by the HTTP version they came in (`1.1`, `2`); absent when none came.
    public var httpVersions: [String: UInt64]?
    /// What the step's TLS handshake showed, for a step that checks TLS.
    public var tls: ObservedTLS?

    public init(
        name: String, requests: UInt64, skipped: Int, results: [String: UInt64], latency: LatencySummary,
        correctedLatency: LatencySummary? = nil, phases: PhaseSummaries, checksTotal: UInt64? = nil, checksPassed: UInt64? = nil,
        failureSamples: [FailureSample], histograms: LatencyHistograms? = nil, httpVersions: [String: UInt64]? = nil,
        tls: ObservedTLS? = nil
    ) {
        self.httpVersions = httpVersions
        self.tls = tls
        self.name = name
        self.requests = requests
        self.skipped = skipped
        self.results = results
        self.latency = latency
        self.correctedLatency = correctedLatency
        self.phases = phases
        self.checksTotal = checksTotal
        self.checksPassed = checksPassed
        self.failureSamples = failureSamples
        self.histograms = histograms
    }

    public var failed: UInt64 { requests - (results[ResultCategory.ok.rawValue] ?? 0) }
}

/// Per-phase latency, each measured from the start of the transfer as curl reports it.
public struct PhaseSummaries: Sendable, Equatable, Codable {
    public var dns: LatencySummary
    public var connect: LatencySummary
    public var tls: LatencySummary
    public var firstByte: LatencySummary
    public init(dns: LatencySummary, connect: LatencySummary, tls: LatencySummary, firstByte: LatencySummary) {
        self.dns = dns
        self.connect = connect
        self.tls = tls
        self.firstByte = firstByte
    }
}

/// One failed request as a reader needs it; every string already redacted.
public struct FailureSample: Sendable, Equatable, Codable {
    public var iteration: Int
    public var category: String
    public var requestLine: String
    public var status: Int?
    public var failures: [FailedCheck]
    public var transportMessage: String?
    public var responseExcerpt: String?
    /// Response headers, `Name: value`, with credentials (`Authorization`, cookies) masked.
    public var responseHeaders: [String]?
    public init(iteration: Int, category: String, requestLine: String, status: Int?, failures: [FailedCheck], transportMessage: String?, responseExcerpt: String?, responseHeaders: [String]? = nil) {
        self.iteration = iteration
        self.category = category
        self.requestLine = requestLine
        self.status = status
        self.failures = failures
        self.transportMessage = transportMessage
        self.responseExcerpt = responseExcerpt
        self.responseHeaders = responseHeaders
    }
}

/// A check that failed, as a reader acts on it: what was checked, expected and seen.
public struct FailedCheck: Sendable, Equatable, Codable {
    /// What was checked: `status`, `header Location`, `json $.id`, `body`, `duration`.
    public var subject: String
    public var expected: String
    public var actual: String

    public init(subject: String, expected: String, actual: String) {
        self.subject = subject
        self.expected = expected
        self.actual = actual
    }
}

/// Lossless latency histograms: service time always, corrected latency for load runs.
public struct LatencyHistograms: Sendable, Equatable, Codable {
    public var service: HistogramEncoding
    public var corrected: HistogramEncoding?
    public init(service: HistogramEncoding, corrected: HistogramEncoding? = nil) {
        self.service = service
        self.corrected = corrected
    }
}

/// How the latency figures were produced.
public struct LatencyProvenance: Sendable, Equatable, Codable {
    public var histogram: String
    public var unit: String
    public var significantDigits: Int
    /// What `correctedLatency` measures, when present.
    public var corrected: String?
    /// What `latency` (service time) measures.
    public var service: String

    public static func current(corrected: Bool) -> LatencyProvenance {
        LatencyProvenance(
            histogram: "HdrHistogram (hdrhistogram-swift), lossless merge of per-thread histograms",
            unit: "us", significantDigits: 3,
            corrected: corrected ? "from each request's intended send time: the iteration's scheduled start for a first step, the previous step's completion after that (coordinated omission corrected)" : nil,
            service: "from handing the request to the network to its last byte, as libcurl measured it"
        )
    }
}

extension Verdict.Status {
    /// The status as one or two capitalized words (`PASSED`, `INVALID RUN`): what the HTML banner
    /// and the Markdown heading say, in words rather than colour or emoji, so it survives a
    /// black-and-white printout, a plain-text mail and a screen reader.
    var word: String {
        switch self {
        case .passed: "PASSED"
        case .failed: "FAILED"
        case .invalid: "INVALID RUN"
        case .interrupted: "INTERRUPTED"
        case .shard: "SHARD, NOT JUDGED"
        }
    }
}
