internal import Hummingbird
internal import HummingbirdCore
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
    /// Where to send requests, e.g. `http://127.0.0.1:8080`.
    public let baseURL: String

    private let injector: FaultInjector
    private let serviceGroup: ServiceGroup
    private let serving: Task<Void, Never>

    private init(port: Int, host: String, injector: FaultInjector, serviceGroup: ServiceGroup, serving: Task<Void, Never>) {
        self.port = port
        self.baseURL = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        self.injector = injector
        self.serviceGroup = serviceGroup
        self.serving = serving
    }

    /// Starts serving; port 0 picks a free port. Returns once the socket is listening.
    public static func start(
        host: String = "127.0.0.1",
        port: Int = 0,
        configuration: DemoTargetConfiguration = .init()
    ) async throws -> DemoTarget {
        var logger = Logger(label: "preflight.demo-target")
        logger.logLevel = .critical
        let injector = FaultInjector(configuration: configuration)
        let (listening, listener) = AsyncThrowingStream<Int?, any Error>.makeStream()
        let application = Application(
            router: makeRouter(injector: injector),
            server: .http1(configuration: HTTP1Channel.Configuration(additionalChannelHandlers: [ConnectionClock(injector: injector)])),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in listener.yield(channel.localAddress?.port) },
            logger: logger
        )
        var groupConfiguration = ServiceGroupConfiguration(services: [application], logger: logger)
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
        for try await boundPort in listening {
            guard let boundPort else { break }
            return DemoTarget(port: boundPort, host: host, injector: injector, serviceGroup: serviceGroup, serving: serving)
        }
        await serviceGroup.triggerGracefulShutdown()
        await serving.value
        try Task.checkCancellation()
        throw DemoTargetStartError()
    }

    /// How long ``stop()`` lets in-flight requests finish before cutting them off.
    static let shutdownGracePeriod: Duration = .seconds(10)

    private static func makeRouter(injector: FaultInjector) -> Router<BasicRequestContext> {
        let router = Router()
        // Middleware must be added before the routes it wraps.
        router.add(middleware: JSONErrorMiddleware())
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

/// The server stopped before it reported a listening address.
struct DemoTargetStartError: Error, CustomStringConvertible {
    var description: String { "the demo target stopped before it started listening" }
}
