import Foundation

/// The cookies one flow iteration has been given, as a browser keeps them for one visitor: set by
/// `Set-Cookie` responses, sent back on later requests to matching hosts and paths, and never
/// shared with another iteration (each iteration is one user's session).
///
/// Deliberately small: name, value, host or domain, path, `Secure`, deletion by `Max-Age=0` or a
/// past `Expires`. An iteration lasts seconds, so other expiry is not tracked.
struct CookieJar {
    private struct Cookie {
        var name: String
        var value: String
        /// Lower-cased; with `hostOnly` the exact host, else the domain and its subdomains.
        var domain: String
        var hostOnly: Bool
        var path: String
        var secure: Bool
    }

    private var cookies: [Cookie] = []

    var isEmpty: Bool { cookies.isEmpty }

    /// Takes the cookies of a response to `url` from its `Set-Cookie` header values.
    mutating func store(_ setCookies: [String], from url: String) {
        guard !setCookies.isEmpty, let components = URLComponents(string: url), let host = components.host?.lowercased() else { return }
        for header in setCookies {
            let attributes = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let pair = attributes.first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals])
            guard !name.isEmpty else { continue }
            var cookie = Cookie(
                name: name, value: String(pair[pair.index(after: equals)...]), domain: host, hostOnly: true,
                path: Self.defaultPath(components.path), secure: false
            )
            var expired = false
            for attribute in attributes.dropFirst() {
                let parts = attribute.split(separator: "=", maxSplits: 1).map(String.init)
                let key = parts[0].lowercased()
                let value = parts.count > 1 ? parts[1] : ""
                switch key {
                case "domain":
                    let domain = value.lowercased().drop { $0 == "." }
                    // A server may set a cookie for its own domain or a parent of it, never another's.
                    guard !domain.isEmpty, host == domain || host.hasSuffix("." + domain) else { expired = true; continue }
                    cookie.domain = String(domain)
                    cookie.hostOnly = false
                case "path" where value.hasPrefix("/"): cookie.path = value
                case "secure": cookie.secure = true
                case "max-age": if let seconds = Int(value), seconds <= 0 { expired = true }
                case "expires": if let date = Self.httpDate(value), date < Date() { expired = true }
                default: break
                }
            }
            cookies.removeAll { $0.name == cookie.name && $0.domain == cookie.domain && $0.path == cookie.path }
            if !expired { cookies.append(cookie) }
        }
    }

    /// The `Cookie` header value for a request to `url`, or nil when no cookie applies.
    func header(for url: String) -> String? {
        guard !cookies.isEmpty, let components = URLComponents(string: url), let host = components.host?.lowercased() else { return nil }
        let path = components.path.isEmpty ? "/" : components.path
        let isHTTPS = components.scheme?.lowercased() == "https"
        let matching = cookies.filter { cookie in
            let hostMatches = cookie.hostOnly ? host == cookie.domain : host == cookie.domain || host.hasSuffix("." + cookie.domain)
            let pathMatches = path == cookie.path || path.hasPrefix(cookie.path.hasSuffix("/") ? cookie.path : cookie.path + "/")
            return hostMatches && pathMatches && (isHTTPS || !cookie.secure)
        }
        // Longer paths first, as RFC 6265 orders them.
        let ordered = matching.sorted { $0.path.count > $1.path.count }
        return ordered.isEmpty ? nil : ordered.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
    }

    /// The jar in curl's cookie-file form (one Netscape line per cookie: domain, subdomains,
    /// path, secure, expiry, name, value), to hand to curl for a step that follows redirects:
    /// curl then sends them on every hop and keeps what each hop sets.
    var curlLines: [String] {
        cookies.map { cookie in
            [cookie.domain, cookie.hostOnly ? "FALSE" : "TRUE", cookie.path, cookie.secure ? "TRUE" : "FALSE", "0", cookie.name, cookie.value]
                .joined(separator: "\t")
        }
    }

    /// Replaces the jar with curl's cookies after a step that followed redirects (curl started
    /// from ``curlLines`` and applied every hop's `Set-Cookie`, deletions included).
    mutating func replace(withCurlLines lines: [String]) {
        cookies = lines.compactMap { line in
            var fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 7 else { return nil }
            if fields[0].hasPrefix("#HttpOnly_") { fields[0].removeFirst("#HttpOnly_".count) }
            let domain = fields[0].lowercased().drop { $0 == "." }
            guard !domain.isEmpty, !fields[5].isEmpty else { return nil }
            return Cookie(
                name: fields[5], value: fields[6...].joined(separator: "\t"), domain: String(domain), hostOnly: fields[1] != "TRUE",
                path: fields[2].isEmpty ? "/" : fields[2], secure: fields[3] == "TRUE")
        }
    }

    /// The directory of the request path, the default cookie path (RFC 6265, 5.1.4).
    private static func defaultPath(_ path: String) -> String {
        guard path.hasPrefix("/"), let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE, dd-MMM-yyyy HH:mm:ss zzz"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
