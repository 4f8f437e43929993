import ArgumentParser
import PreflightDemoTarget
import PreflightMetrics

/// `preflight demo-target`: serves the bundled point-of-sale demo API on its own, with the
/// fault-injection knobs on the command line, so plans can be tried against it from another shell.
struct DemoTargetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-target",
        abstract: "Serve the point-of-sale demo API, with injectable latency, errors, rate limit and stalls.",
        discussion: "Durations are written like 250us, 20ms, 1.5s, 15m or 1m30s, as in plans. Stops gracefully on SIGINT or SIGTERM."
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(
        help: "Latency added to every request: none, 20ms, fixed:20ms, uniform:10ms..30ms or lognormal:20ms,0.5.",
        transform: { text in try LatencyDistribution(parsing: text) }
    )
    var latency: LatencyDistribution = .none

    @Option(help: "The fraction (0 to 1) of /api/* requests answered 500.")
    var errorRate: Double = 0

    @Option(
        help: "Admit at most N /api/* requests per window, e.g. 100/1s; the rest get 429.",
        transform: { text in try RateLimit(parsing: text) }
    )
    var rateLimit: RateLimit?

    @Option(help: "Freeze the server this often (with --stall-for), e.g. 10s.", transform: parseDuration)
    var stallEvery: Duration?

    @Option(help: "How long each periodic freeze lasts (with --stall-every), e.g. 2s.", transform: parseDuration)
    var stallFor: Duration?

    @Flag(help: "Make GET /health answer 503.")
    var unhealthy = false

    @Option(name: .customLong("cors-origin"), help: "A browser origin allowed by CORS (repeatable); default \(DemoTargetConfiguration.defaultCORSOrigin).")
    var corsOrigins: [String] = []

    @Option(name: .customLong("tls-cert"), help: "Serve HTTPS (HTTP/2 and HTTP/1.1, with HSTS) with this PEM certificate chain; needs --tls-key.")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "The PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(help: "With --tls-cert: also listen for plain HTTP on this port, answering only 301 redirects to HTTPS.")
    var redirectPort: Int?

    func validate() throws {
        guard (0...1).contains(errorRate) else {
            throw ValidationError("--error-rate must be between 0 and 1.")
        }
        guard (stallEvery == nil) == (stallFor == nil) else {
            throw ValidationError("--stall-every and --stall-for go together.")
        }
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together.")
        }
        if redirectPort != nil, tlsCertificate == nil {
            throw ValidationError("--redirect-port redirects to HTTPS, so it needs --tls-cert and --tls-key.")
        }
        if let stallEvery, stallEvery <= .zero {
            throw ValidationError("--stall-every must be longer than zero.")
        }
    }

    func run() async throws {
        var stall: Stall?
        if let stallEvery, let stallFor {
            stall = Stall(every: stallEvery, duration: stallFor)
        }
        let configuration = DemoTargetConfiguration(
            latency: latency, errorRate: errorRate, rateLimit: rateLimit, stall: stall, unhealthy: unhealthy,
            corsOrigins: corsOrigins.isEmpty ? [DemoTargetConfiguration.defaultCORSOrigin] : corsOrigins
        )
        let tls = tlsCertificate.flatMap { certificate in
            tlsKey.map { DemoTargetTLS(certificateChainFile: certificate, privateKeyFile: $0, redirectPort: redirectPort) }
        }
        let target = try await DemoTarget.start(host: host, port: port, configuration: configuration, tls: tls)
        Console.out("demo target listening on \(target.baseURL)")
        if let redirectURL = target.redirectURL { Console.out("redirecting \(redirectURL) to HTTPS") }
        await target.serveUntilTerminated()
        Console.out("demo target stopped")
    }
}

@Sendable private func parseDuration(_ text: String) throws -> Duration {
    try DemoTargetParseError.duration(text)
}
