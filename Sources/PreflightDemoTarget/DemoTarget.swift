internal import Hummingbird
internal import HummingbirdCore
internal import HummingbirdHTTP2
internal import Logging
internal import NIOCore
internal import ServiceLifecycle
internal import UnixSignals

/// A point-of-sale–shaped HTTP server with fault-injection knobs, served over loopback.
///
/// Preflight is demonstrated and tested end to end against it: its endpoints look like the APIs in
/// our users' go-live checklists, and its latency, errors, rate limit, stalls and health are known in
/// advance and adjustable while a run is in progress, so every report can be checked against the truth.
///
/// Call ``stop()`` when done; the server keeps running until then.
public final class DemoTarget: Sendable {
    /// The port the server listens on (the one picked by the system when started with port 0).
    public let port: Int
    /// Where to send requests, e.g. `http://127.0.0.1:8080`, or `https://...` when serving TLS.
    public let baseURL: String
    /// The plain-HTTP address that only redirects to HTTPS, when TLS was started with a redirect port.
    public let redirectURL: String?

    private let injector: FaultInjector
    private let serviceGroup: ServiceGroup
    private let serving: Task<Void, Never>

    private init(
        port: Int, redirectPort: Int?, host: String, tls: Bool, injector: FaultInjector, serviceGroup: ServiceGroup,
        serving: Task<Void, Never>
    ) {
        let authority = host.contains(":") ? "[\(host)]" : host
        self.port = port
        self.baseURL = "\(tls ? "https" : "http")://\(authority):\(port)"
        self.redirectURL = redirectPort.map { "http://\(authority):\($0)" }
        self.injector = injector
        self.serviceGroup = serviceGroup
        self.serving = serving
    }

    /// Starts serving; port 0 picks a free port. Returns once every socket is listening.
    ///
    /// With `tls`, the server speaks HTTPS (HTTP/2 or HTTP/1.1, chosen by ALPN) and adds HSTS; its
    /// redirect port, if any, answers plain HTTP with a redirect to it.
    public static func start(
        host: String = "127.0.0.1",
        port: Int = 0,
        configuration: DemoTargetConfiguration = .init(),
        tls: DemoTargetTLS? = nil
    ) async throws -> DemoTarget {
        var logger = Logger(label: "preflight.demo-target")
        logger.logLevel = .critical
        let injector = FaultInjector(configuration: configuration)
        let (listening, listener) = AsyncThrowingStream<(redirect: Bool, port: Int?), any Error>.makeStream()
        let streams = HTTP1Channel.Configuration(additionalChannelHandlers: [ConnectionClock(injector: injector)])
        let server: HTTPServerBuilder = if let tls {
            try .http2Upgrade(
                tlsConfiguration: tls.serverConfiguration(), configuration: HTTP2UpgradeChannel.Configuration(streamConfiguration: streams))
        } else {
            .http1(configuration: streams)
        }
        let application = Application(
            router: makeRouter(injector: injector, https: tls != nil),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in listener.yield((false, channel.localAddress?.port)) },
            logger: logger
        )
        var services: [any Service] = [application]
        var expected = 1
        let httpsPort = HTTPSPort()
        if let redirectPort = tls?.redirectPort {
            services.append(RedirectServer(host: host, port: redirectPort, httpsPort: httpsPort, logger: logger, listener: listener))
            expected += 1
        }
        var groupConfiguration = ServiceGroupConfiguration(services: services, logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = shutdownGracePeriod
        let serviceGroup = ServiceGroup(configuration: groupConfiguration)
        let serving = Task {
            do {
                try await serviceGroup.run()
                listener.finish()
            } catch {
                listener.finish(throwing: error)
            }
        }
        // A failure to bind ends the stream with the error, which `for try await` rethrows.
        var mainPort: Int?
        var redirectPort: Int?
        for try await bound in listening {
            guard let boundPort = bound.port else { break }
            if bound.redirect { redirectPort = boundPort } else { mainPort = boundPort; httpsPort.value.store(boundPort, ordering: .releasing) }
            expected -= 1
            if expected == 0, let mainPort {
                return DemoTarget(
                    port: mainPort, redirectPort: redirectPort, host: host, tls: tls != nil, injector: injector,
                    serviceGroup: serviceGroup, serving: serving)
            }
        }
        await serviceGroup.triggerGracefulShutdown()
        await serving.value
        try Task.checkCancellation()
        throw DemoTargetStartError()
    }

    /// How long ``stop()`` lets in-flight requests finish before cutting them off.
    static let shutdownGracePeriod: Duration = .seconds(10)

    private static func makeRouter(injector: FaultInjector, https: Bool) -> Router<BasicRequestContext> {
        let router = Router()
        // Middleware must be added before the routes it wraps; the first added is the outermost.
        if https { router.add(middleware: StrictTransportSecurityMiddleware()) }
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: CORSPolicyMiddleware(injector: injector))
        router.add(middleware: FaultInjectionMiddleware(injector: injector))
        DiagnosticRoutes(injector: injector).register(on: router)
        PointOfSaleRoutes(store: PointOfSaleStore()).register(on: router)
        return router
    }

    /// The knobs in force; setting them applies from the next request on. Each get and set is atomic,
    /// but `target.configuration.errorRate = 1` is a get then a set: use ``update(_:)`` when another
    /// task may change the knobs at the same time.
    public var configuration: DemoTargetConfiguration {
        get { injector.configuration }
        set { injector.update { $0 = newValue } }
    }

    /// Changes some knobs in one step, e.g. `target.update { $0.errorRate = 0.5 }`.
    public func update(_ body: (inout DemoTargetConfiguration) -> Void) {
        injector.update(body)
    }

    /// Freezes the server from now for `duration`: requests arriving meanwhile are held until it ends.
    public func stall(for duration: Duration) {
        injector.stall(for: duration)
    }

    /// How many requests have arrived since the server started.
    public var requestCount: Int {
        injector.requestCount
    }

    /// The arrival instants (`DispatchTime.now().uptimeNanoseconds`, stamped on the connection) of
    /// the latest requests, in the order they were answered, at most 2 million; empty unless ``DemoTargetConfiguration/recordArrivals`` is on.
    public func arrivals() -> [UInt64] {
        injector.arrivals()
    }

    /// How long each of the latest requests spent in the server, from its arrival on the connection
    /// to its response's last part being written there (injected latency, stalls and all the
    /// server's own work), in the order responses were written; recorded with arrivals.
    public func serverTimes() -> [Duration] {
        injector.serverTimes()
    }

    /// Stops accepting connections, lets in-flight requests finish, and returns once the port is free.
    public func stop() async {
        await serviceGroup.triggerGracefulShutdown()
        await serving.value
    }

    /// Serves until the process receives SIGINT or SIGTERM, then stops gracefully; for the standalone CLI.
    public func serveUntilTerminated() async {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Ends on the first signal, or when cancelled because the server stopped by itself.
                for await _ in signals { break }
                await self.stop()
            }
            await serving.value
            group.cancelAll()
        }
    }
}

/// The plain-HTTP listener beside an HTTPS demo target, answering only redirects to HTTPS.
private struct RedirectServer: Service {
    let application: Application<RouterResponder<BasicRequestContext>>

    init(
        host: String, port: Int, httpsPort: HTTPSPort, logger: Logger,
        listener: AsyncThrowingStream<(redirect: Bool, port: Int?), any Error>.Continuation
    ) {
        let router = Router()
        router.add(middleware: HTTPSRedirectResponder(httpsPort: httpsPort))
        application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in listener.yield((true, channel.localAddress?.port)) },
            logger: logger
        )
    }

    func run() async throws {
        try await application.run()
    }
}

/// The server stopped before it reported a listening address.
struct DemoTargetStartError: Error, CustomStringConvertible {
    var description: String { "the demo target stopped before it started listening" }
}
