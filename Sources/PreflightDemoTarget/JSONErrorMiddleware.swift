internal import Hummingbird

/// Turns thrown `HTTPError`s (from routes, fault injection, or the router's own 404) into the
/// demo target's `{"error": "..."}` bodies, keeping their status and headers such as `Retry-After`.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let message = error.body ?? error.status.reasonPhrase.lowercased()
            return try JSONMessages.response(error.status, ErrorMessage(error: message), headers: error.headers)
        }
    }
}
