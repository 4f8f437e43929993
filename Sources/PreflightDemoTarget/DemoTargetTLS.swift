internal import Hummingbird
internal import NIOSSL
import Synchronization

/// Serving the demo target over HTTPS, as a deployment behind a load balancer is: HTTP/2 and
/// HTTP/1.1 offered by ALPN, an HSTS header on every response, and optionally a plain-HTTP port that
/// only redirects to HTTPS.
///
/// Lets the go-live checks (TLS version and certificate, HTTP→HTTPS, HSTS, HTTP/2) run against a
/// target whose answers are known, with certificates a test or a user made.
public struct DemoTargetTLS: Sendable {
    /// PEM file with the server certificate first, then any intermediates.
    public var certificateChainFile: String
    /// PEM file with the certificate's private key.
    public var privateKeyFile: String
    /// A plain-HTTP port answering every request with `301` to the same path over HTTPS; 0 picks a
    /// free port, nil opens none.
    public var redirectPort: Int?

    public init(certificateChainFile: String, privateKeyFile: String, redirectPort: Int? = nil) {
        self.certificateChainFile = certificateChainFile
        self.privateKeyFile = privateKeyFile
        self.redirectPort = redirectPort
    }

    /// The value of `Strict-Transport-Security` on every HTTPS response: two years, subdomains included.
    public static let strictTransportSecurity = "max-age=63072000; includeSubDomains"

    func serverConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateChainFile).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: privateKeyFile, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}

/// Adds HSTS to every response of the HTTPS server.
struct StrictTransportSecurityMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // Outermost, so error responses (already turned into JSON inside) carry it too.
        var response = try await next(request, context)
        response.headers[.strictTransportSecurity] = DemoTargetTLS.strictTransportSecurity
        return response
    }
}

/// The plain-HTTP side of an HTTPS deployment: every request is sent to the same host and path
/// over HTTPS with `301 Moved Permanently`, as a load balancer's redirect rule does.
struct HTTPSRedirectResponder<Context: RequestContext>: RouterMiddleware {
    let httpsPort: HTTPSPort

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let authority = request.head.authority ?? "127.0.0.1"
        let host = Self.hostName(of: authority)
        let location = "https://\(host):\(httpsPort.value.load(ordering: .acquiring))\(request.uri.path)\(request.uri.query.map { "?\($0)" } ?? "")"
        return Response(status: .movedPermanently, headers: [.location: location])
    }

    /// `api.example.test` of `api.example.test:8080`, `[::1]` of `[::1]:8080`.
    static func hostName(of authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return String(authority[...end])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? Substring(authority))
    }
}

/// The HTTPS server's port, known only once it is listening (port 0 picks one), read by the redirect listener.
final class HTTPSPort: Sendable {
    let value = Atomic<Int>(0)
}
