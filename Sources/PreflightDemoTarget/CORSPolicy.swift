internal import Hummingbird

/// Cross-origin rules like a production API's: browsers on the listed origins may call it, any
/// other origin gets no `Access-Control-Allow-*` headers, so its browser refuses the response.
///
/// Exists so the go-live checklist's "CORS allows only the production origins" can be run as plan
/// steps against the demo target: a preflight `OPTIONS` from an allowed origin and from a refused one.
struct CORSPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    let injector: FaultInjector

    static var allowedMethods: String { "GET, POST, PUT, PATCH, DELETE" }
    static var allowedHeaders: String { "Authorization, Content-Type" }

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = injector.configuration.corsOrigins.contains(origin)
        let isPreflight = request.method == .options && request.headers[.accessControlRequestMethod] != nil
        var response: Response
        if isPreflight {
            // As common CORS middleware does: a refused origin still gets 204, just without the
            // headers that would let its browser go on.
            response = Response(status: .noContent)
            if allowed {
                response.headers[.accessControlAllowMethods] = Self.allowedMethods
                response.headers[.accessControlAllowHeaders] = Self.allowedHeaders
                response.headers[.accessControlMaxAge] = "600"
            }
        } else {
            response = try await next(request, context)
        }
        if allowed {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlAllowCredentials] = "true"
        }
        response.headers[.vary] = "Origin"
        return response
    }
}
