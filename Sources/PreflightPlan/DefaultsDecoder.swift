import Yams

/// Decodes `defaults:`, the settings every step inherits.
extension PlanDecoder {
    static let defaultsKeys = ["target", "headers", "timeouts", "redirects", "tls", "maxBodySize", "resolve", "connectTo", "cookies", "http"]

    /// The defaults (built-in values where absent) and the variables their header templates read.
    mutating func decodeDefaults(_ plan: Fields, targetCount: Int) -> (value: Defaults, references: [TemplateReference]) {
        var defaults = Defaults()
        let fields = plan["defaults"].flatMap {
            self.fields(of: $0, in: "'defaults'", allowed: Self.defaultsKeys, owner: plan.keyLocation("defaults"))
        }
        if let node = fields?["target"], let name = string(node, "'defaults.target'") {
            checkTargetExists(name, at: location(of: node))
            defaults.target = name
        } else if fields?["target"] == nil, targetCount > 1 {
            report(
                "'defaults.target' is required when the plan has several targets",
                at: plan.keyLocation("defaults") ?? plan.keyLocation("targets") ?? plan.location,
                hint: "add 'target: <name>' under defaults, naming one of: " + (targetNames ?? []).joined(separator: ", "))
        }
        if let node = fields?["headers"] {
            defaults.headers = decodeHeaders(node, in: "'defaults.headers'", owner: fields?.keyLocation("headers"))
        }
        let references = takeReferences()
        if let node = fields?["timeouts"], let timeouts = self.fields(
            of: node, in: "'defaults.timeouts'", allowed: ["connect", "total"], owner: fields?.keyLocation("timeouts")) {
            if let value = timeouts["connect"].flatMap({ duration($0, "'timeouts.connect'") }) {
                defaults.connectTimeout = value
            }
            if let value = timeouts["total"].flatMap({ duration($0, "'timeouts.total'") }) {
                defaults.totalTimeout = value
            }
        }
        if let node = fields?["redirects"], let redirects = self.fields(
            of: node, in: "'defaults.redirects'", allowed: ["follow", "max"], owner: fields?.keyLocation("redirects")) {
            if let value = redirects["follow"].flatMap({ boolean($0, "'redirects.follow'") }) {
                defaults.followRedirects = value
            }
            if let value = redirects["max"].flatMap({ integer($0, "'redirects.max'", in: 0...100) }) {
                defaults.maxRedirects = value
            }
        }
        if let fields {
            let tls = decodeConnection(fields, in: "defaults", extraTLSKeys: ["verify"], into: &defaults.connection)
            if let value = tls?["verify"].flatMap({ boolean($0, "'tls.verify'") }) {
                defaults.verifyTLS = value
            }
        }
        if let value = fields?["cookies"].flatMap({ boolean($0, "'defaults.cookies'") }) {
            defaults.keepCookies = value
        }
        if let node = fields?["maxBodySize"], let text = string(node, "'defaults.maxBodySize'") {
            if let bytes = ByteSize.parse(text), (1 << 10...1 << 30).contains(bytes) {
                defaults.maxBodyBytes = bytes
            } else {
                report(
                    "'defaults.maxBodySize' must be a size from 1KiB to 1GiB, found '\(text)'", at: location(of: node),
                    hint: "write a number with a unit, such as 512KiB or 16MiB")
            }
        }
        return (defaults, references)
    }

    static let tlsKeys = ["caFile", "minVersion", "clientCert", "clientKey"]

    /// The connection keys shared by `defaults` and a target's own settings (`http`, `tls`,
    /// `resolve`, `connectTo`), each written over what `connection` already holds. Returns the
    /// `tls` fields, for the caller's own keys among them.
    @discardableResult
    mutating func decodeConnection(
        _ fields: Fields, in owner: String, extraTLSKeys: [String] = [], into connection: inout ConnectionSettings
    ) -> Fields? {
        var tlsFields: Fields?
        if let node = fields["http"], let text = string(node, "'\(owner).http'") {
            if let version = HTTPVersionChoice(rawValue: text) {
                connection.httpVersion = version
            } else {
                report("'\(owner).http' must be 1.1, 2 or negotiated, found '\(text)'", at: location(of: node),
                       hint: DidYouMean.hint(for: text, among: HTTPVersionChoice.allCases.map(\.rawValue)) ?? "quote it: http: \"2\"")
            }
        }
        if let node = fields["tls"], let tls = self.fields(
            of: node, in: "'\(owner).tls'", allowed: extraTLSKeys + Self.tlsKeys, owner: fields.keyLocation("tls")) {
            tlsFields = tls
            if let value = tls["caFile"].flatMap({ nonEmptyString($0, "'tls.caFile'") }) { connection.caFile = value }
            if let value = tls["clientCert"].flatMap({ nonEmptyString($0, "'tls.clientCert'") }) { connection.clientCertificate = value }
            if let value = tls["clientKey"].flatMap({ nonEmptyString($0, "'tls.clientKey'") }) { connection.clientKey = value }
            if let node = tls["minVersion"], let text = string(node, "'tls.minVersion'") {
                if let version = TLSVersion(rawValue: text) {
                    connection.minTLSVersion = version
                } else {
                    report("'tls.minVersion' must be 1.2 or 1.3, found '\(text)'", at: location(of: node), hint: "quote it: minVersion: \"1.3\"")
                }
            }
        }
        for (key, parts) in [("resolve", 3), ("connectTo", 4)] {
            guard let node = fields[key], let items = list(node, "'\(owner).\(key)'") else { continue }
            var entries: [String] = []
            for item in items {
                guard let text = nonEmptyString(item, "an entry of '\(owner).\(key)'") else { continue }
                if let problem = ConnectionOverride.problem(with: text, parts: parts) {
                    report("'\(text)' in '\(owner).\(key)': \(problem)", at: location(of: item),
                           hint: parts == 3 ? "write HOST:PORT:ADDRESS, such as api.example.com:443:127.0.0.1"
                               : "write HOST:PORT:CONNECT-HOST:CONNECT-PORT, such as api.example.com:443:lb.internal:8443")
                } else {
                    entries.append(text)
                }
            }
            // A target's entries come on top of the defaults', as curl takes several.
            if key == "resolve" { connection.resolve += entries } else { connection.connectTo += entries }
        }
        return tlsFields
    }

    /// `Name: value` pairs whose values may use templates.
    mutating func decodeHeaders(_ node: Node, in context: String, owner: SourceLocation?) -> [Header] {
        guard let fields = entries(of: node, in: context, owner: owner) else { return [] }
        return fields.entries.compactMap { entry in
            if !HTTPToken.isValid(entry.key) {
                report(
                    "invalid header name '\(entry.key)' in \(context)", at: entry.keyLocation,
                    hint: "header names are letters, digits and - without spaces or ':'")
            }
            guard let value = template(entry.value, "header '\(entry.key)'") else { return nil }
            checkSingleLine(value, entry.value, "header '\(entry.key)'")
            return Header(name: entry.key, value: value)
        }
    }
}

/// The characters HTTP allows in header names (RFC 9110 tokens).
enum HTTPToken {
    static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
        }
    }
}
