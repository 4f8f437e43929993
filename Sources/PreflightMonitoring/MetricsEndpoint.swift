import Hummingbird
import Logging
import ServiceLifecycle

/// Serves ``LiveMetrics`` at `GET /metrics` for Prometheus to scrape while a run lasts.
///
/// Listens on loopback unless told otherwise: the page names the plan, its flows and steps, which
/// is fine for a dashboard on the same network and not for the internet.
public final class MetricsEndpoint: Sendable {
    /// The port bound (the one the system picked when asked for port 0).
    public let port: Int
    private let serviceGroup: ServiceGroup
    private let serving: Task<Void, Never>

    private init(port: Int, serviceGroup: ServiceGroup, serving: Task<Void, Never>) {
        self.port = port
        self.serviceGroup = serviceGroup
        self.serving = serving
    }

    /// Starts serving `metrics` on `host:port`; returns once the socket listens.
    public static func start(host: String, port: Int, metrics: LiveMetrics) async throws -> MetricsEndpoint {
        var logger = Logger(label: "preflight.metrics")
        logger.logLevel = .critical
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        let (listening, listener) = AsyncThrowingStream<Int?, any Error>.makeStream()
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in listener.yield(channel.localAddress?.port) },
            logger: logger)
        var configuration = ServiceGroupConfiguration(services: [application], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(2)
        let serviceGroup = ServiceGroup(configuration: configuration)
        let serving = Task {
            do {
                try await serviceGroup.run()
                listener.finish()
            } catch {
                listener.finish(throwing: error)
            }
        }
        for try await bound in listening {
            guard let bound else { break }
            return MetricsEndpoint(port: bound, serviceGroup: serviceGroup, serving: serving)
        }
        await serviceGroup.triggerGracefulShutdown()
        await serving.value
        throw MetricsEndpointError(host: host, port: port)
    }

    public func stop() async {
        await serviceGroup.triggerGracefulShutdown()
        await serving.value
    }
}

/// The endpoint stopped before it listened (the address is taken or not this machine's).
public struct MetricsEndpointError: Error, CustomStringConvertible {
    var host: String
    var port: Int
    public var description: String { "cannot serve metrics on \(host):\(port)" }
}
