import Foundation
internal import HTTPTypes
internal import Hummingbird

/// The routes that are not point-of-sale business: the health check load balancers poll, and an
/// echo that reflects its input unescaped so tests can check how reports render hostile text.
struct DiagnosticRoutes {
    static let version = "1.0.0-demo"

    let injector: FaultInjector

    func register(on router: Router<BasicRequestContext>) {
        router.get("/health") { _, _ in try health() }
        router.get("/api/echo") { request, _ in try echo(request) }
    }

    private struct HealthReport: Encodable {
        struct Checks: Encodable {
            var database: Bool
            var cache: Bool
        }

        var status: String
        var version: String
        var checks: Checks
        var timestamp: Int
    }

    private func health() throws -> Response {
        let healthy = !injector.configuration.unhealthy
        let report = HealthReport(
            status: healthy ? "healthy" : "unhealthy",
            version: Self.version,
            checks: .init(database: healthy, cache: healthy),
            timestamp: Int(Date().timeIntervalSince1970)
        )
        return try JSONMessages.response(healthy ? .ok : .serviceUnavailable, report)
    }

    /// Answers `text` verbatim as the body and in `X-Echo`, deliberately without any escaping.
    private func echo(_ request: Request) throws -> Response {
        guard let echoHeader = HTTPField.Name("X-Echo") else {
            throw HTTPError(.internalServerError, message: "X-Echo is not a valid header name")
        }
        let text = request.uri.queryParameters.get("text") ?? ""
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; charset=utf-8", echoHeader: text],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }
}
