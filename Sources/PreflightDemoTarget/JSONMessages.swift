import Foundation
internal import Hummingbird

/// Encoding and decoding of the demo target's JSON bodies, so every route answers in one format.
enum JSONMessages {
    /// Request bodies larger than this are refused; the point-of-sale payloads are tiny.
    static let maximumBodySize = 1 << 20

    static func response(
        _ status: HTTPResponse.Status,
        _ value: some Encodable,
        headers: HTTPFields = [:]
    ) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(value)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Decodes the request body, answering `400` for anything that is not the expected JSON.
    static func decode<Message: Decodable>(_ type: Message.Type, from request: Request) async throws -> Message {
        var request = request
        let body = try await request.collectBody(upTo: maximumBodySize)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: body))
        } catch {
            throw HTTPError(.badRequest, message: "malformed JSON")
        }
    }
}

/// The body of every error answer: `{"error": "..."}`.
struct ErrorMessage: Codable, Equatable {
    var error: String
}

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
