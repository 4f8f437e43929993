import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PreflightDemoTarget

/// One HTTP answer, with the JSON body already parsed when there is one.
struct HTTPReply {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw HTTPTestClientError("body is not a JSON object: \(text)")
        }
        return object
    }
}

struct HTTPTestClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Real HTTP over loopback with a fresh, cookie-less URLSession per client.
struct HTTPTestClient {
    let baseURL: String
    private let session: URLSession

    init(_ target: DemoTarget) {
        self.init(baseURL: target.baseURL)
    }

    init(baseURL: String) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 5
        self.session = URLSession(configuration: configuration)
    }

    func send(_ method: String, _ path: String, json: String? = nil, token: String? = nil) async throws -> HTTPReply {
        guard let url = URL(string: baseURL + path) else {
            throw HTTPTestClientError("bad URL \(baseURL + path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let token {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else {
            throw HTTPTestClientError("not an HTTP response")
        }
        var headers: [String: String] = [:]
        for case let (name as String, value as String) in http.allHeaderFields {
            headers[name] = value
        }
        return HTTPReply(status: http.statusCode, headers: headers, body: data)
    }

    func get(_ path: String, token: String? = nil) async throws -> HTTPReply {
        try await send("GET", path, token: token)
    }

    func post(_ path: String, json: String, token: String? = nil) async throws -> HTTPReply {
        try await send("POST", path, json: json, token: token)
    }

    /// Logs in as a demo cashier and returns the bearer token.
    func login() async throws -> String {
        let reply = try await post("/api/auth/login", json: #"{"username":"ana","password":"demo-password"}"#)
        guard reply.status == 200, let token = try reply.json()["token"] as? String else {
            throw HTTPTestClientError("login failed: \(reply.status) \(reply.text)")
        }
        return token
    }
}

/// Runs `body` against a fresh demo target and stops it afterwards, also when `body` throws.
func withDemoTarget(
    _ configuration: DemoTargetConfiguration = .init(),
    _ body: (DemoTarget, HTTPTestClient) async throws -> Void
) async throws {
    let target = try await DemoTarget.start(configuration: configuration)
    do {
        try await body(target, HTTPTestClient(target))
    } catch {
        await target.stop()
        throw error
    }
    await target.stop()
}

/// How long `body` took on the continuous clock.
func elapsed(_ body: () async throws -> Void) async rethrows -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    try await body()
    return clock.now - start
}
