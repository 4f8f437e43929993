import Yams

/// Decodes `defaults:`, the settings every step inherits.
extension PlanDecoder {
    static let defaultsKeys = ["target", "headers", "timeouts", "redirects", "tls", "maxBodySize", "resolve", "connectTo", "cookies"]

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
        if let node = fields?["tls"], let tls = self.fields(
            of: node, in: "'defaults.tls'", allowed: ["verify", "caFile", "minVersion", "clientCert", "clientKey"],
            owner: fields?.keyLocation("tls")) {
            if let value = tls["verify"].flatMap({ boolean($0, "'tls.verify'") }) {
                defaults.verifyTLS = value
            }
            defaults.connection.caFile = tls["caFile"].flatMap { nonEmptyString($0, "'tls.caFile'") }
            defaults.connection.clientCertificate = tls["clientCert"].flatMap { nonEmptyString($0, "'tls.clientCert'") }
            defaults.connection.clientKey = tls["clientKey"].flatMap { nonEmptyString($0, "'tls.clientKey'") }
            if let node = tls["minVersion"], let text = string(node, "'tls.minVersion'") {
                if let version = TLSVersion(rawValue: text) {
                    defaults.connection.minTLSVersion = version
                } else {
                    report("'tls.minVersion' must be 1.2 or 1.3, found '\(text)'", at: location(of: node), hint: "quote it: minVersion: \"1.3\"")
                }
            }
        }
        if let value = fields?["cookies"].flatMap({ boolean($0, "'defaults.cookies'") }) {
            defaults.keepCookies = value
        }
        for (key, parts) in [("resolve", 3), ("connectTo", 4)] {
            guard let node = fields?[key], let items = list(node, "'defaults.\(key)'") else { continue }
            var entries: [String] = []
            for item in items {
                guard let text = nonEmptyString(item, "an entry of 'defaults.\(key)'") else { continue }
                if let problem = ConnectionOverride.problem(with: text, parts: parts) {
                    report("'\(text)' in 'defaults.\(key)': \(problem)", at: location(of: item),
                           hint: parts == 3 ? "write HOST:PORT:ADDRESS, such as api.example.com:443:127.0.0.1"
                               : "write HOST:PORT:CONNECT-HOST:CONNECT-PORT, such as api.example.com:443:lb.internal:8443")
                } else {
                    entries.append(text)
                }
            }
            if key == "resolve" { defaults.connection.resolve = entries } else { defaults.connection.connectTo = entries }
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
