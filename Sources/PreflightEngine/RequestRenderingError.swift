/// Why a rendered request was not sent: its text would change the request's meaning on the wire.
///
/// Variables and captured values come from the environment and from responses, so a plan that
/// validated can still render a header value with a line break (which a server reads as extra
/// headers) or a path that names another scheme. The step fails with this message instead; the
/// message never quotes the offending value, which may be a secret.
public struct RequestRenderingError: Error, Sendable, Equatable {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    static func checkHeader(name: String, value: String) throws(RequestRenderingError) {
        if let problem = framingProblem(in: name) ?? (name.isEmpty ? "is empty" : nil) {
            throw RequestRenderingError(message: "a header name \(problem); the request was not sent")
        }
        if let problem = framingProblem(in: value) {
            throw RequestRenderingError(message: "the value of header '\(name)' \(problem); the request was not sent")
        }
    }

    static func checkURLText(_ text: String, what: String) throws(RequestRenderingError) {
        if let problem = framingProblem(in: text) ?? text.unicodeScalars.first(where: isControl).map({ _ in "contains a control character" }) {
            throw RequestRenderingError(message: "\(what) \(problem); the request was not sent")
        }
    }

    /// The scheme of an absolute URL such as `file:///etc/passwd`, or nil for a path.
    static func scheme(of text: String) -> String? {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return nil }
        let candidate = text[..<colon]
        guard let first = candidate.unicodeScalars.first, isASCIILetter(first),
              candidate.unicodeScalars.allSatisfy({ isASCIILetter($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else { return nil }
        return String(candidate)
    }

    private static func framingProblem(in text: String) -> String? {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r", "\n": return "contains a line break (CR or LF)"
            case "\0": return "contains a NUL character"
            default: continue
            }
        }
        return nil
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
