internal import Hummingbird

/// Applies the ``FaultInjector``'s decisions in front of every route: it counts the request, holds the
/// request through any stall, adds the sampled latency, and answers `429` or `500` when told to.
///
/// Waiting uses `Task.sleep`, so a slow request never blocks an event-loop thread.
struct FaultInjectionMiddleware<Context: RequestContext>: RouterMiddleware {
    let injector: FaultInjector

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let stallEnd = injector.admit() {
            try await Task.sleep(until: stallEnd, clock: .continuous)
        }
        let verdict = injector.verdict(isAPIRequest: request.uri.path.hasPrefix("/api/"))
        if verdict.delay > .zero {
            try await Task.sleep(for: verdict.delay)
        }
        switch verdict.rejection {
        case .rateLimited(let retryAfterSeconds):
            throw HTTPError(.tooManyRequests, headers: [.retryAfter: String(retryAfterSeconds)], message: "rate limited")
        case .injectedFailure:
            throw HTTPError(.internalServerError, message: "injected failure")
        case nil:
            return try await next(request, context)
        }
    }
}
