import Foundation
import PreflightPlan

/// A fully rendered request, ready for the transport: no templates, no plan types.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    public var connectTimeout: Duration
    public var totalTimeout: Duration
    public var followRedirects: Bool
    public var maxRedirects: Int
    public var verifyTLS: Bool
    /// Trusted CAs, TLS floor, client certificate and address overrides.
    public var connection: ConnectionSettings
    /// Collect the negotiated TLS version and the server certificate (on a fresh connection, so
    /// there is a handshake to observe); only steps that check TLS pay for it.
    public var inspectTLS = false
    /// The iteration's cookies in curl's cookie-file form, for a step that follows redirects:
    /// curl sends them on every hop and keeps what each hop sets (``HTTPResult/cookieLines``).
    /// nil sends only the request's own headers.
    public var cookieLines: [String]?

    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [],
        body: [UInt8]? = nil, connectTimeout: Duration = .seconds(5), totalTimeout: Duration = .seconds(30),
        followRedirects: Bool = false, maxRedirects: Int = 5, verifyTLS: Bool = true,
        connection: ConnectionSettings = ConnectionSettings()
    ) {
        self.connection = connection
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.followRedirects = followRedirects
        self.maxRedirects = maxRedirects
        self.verifyTLS = verifyTLS
    }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
            && lhs.connectTimeout == rhs.connectTimeout && lhs.totalTimeout == rhs.totalTimeout
            && lhs.followRedirects == rhs.followRedirects && lhs.maxRedirects == rhs.maxRedirects
            && lhs.verifyTLS == rhs.verifyTLS && lhs.connection == rhs.connection && lhs.inspectTLS == rhs.inspectTLS
            && lhs.cookieLines == rhs.cookieLines
    }
}
