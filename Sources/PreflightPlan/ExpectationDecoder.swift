import Foundation
import Yams

/// Decodes a step's `expect:` block into the checks a response must pass.
extension PlanDecoder {
    static let expectKeys = ["status", "maxDuration", "headers", "json", "body", "tls"]
    static let headerCheckKeys = ["equals", "matches", "exists", "absent"]
    static let jsonCheckKeys = ["equals", "matches", "exists", "type"]
    static let bodyCheckKeys = ["contains", "matches"]

    mutating func decodeExpectations(_ node: Node, owner: SourceLocation?) -> [Expectation] {
        guard let fields = fields(of: node, in: "'expect'", allowed: Self.expectKeys, owner: owner) else { return [] }
        var expectations: [Expectation] = []
        for entry in fields.entries {
            switch entry.key {
            case "status":
                if let matcher = statusMatcher(entry.value) {
                    expectations.append(Expectation(.status(matcher), location: entry.keyLocation))
                }
            case "maxDuration":
                if let limit = duration(entry.value, "'maxDuration'") {
                    expectations.append(Expectation(.maxDuration(limit), location: entry.keyLocation))
                }
            case "headers":
                expectations += headerExpectations(entry)
            case "json":
                expectations += jsonExpectations(entry)
            case "tls":
                if let check = tlsCheck(entry) { expectations.append(Expectation(.tls(check), location: entry.keyLocation)) }
            default:
                expectations += bodyExpectations(entry)
            }
        }
        return expectations
    }

    /// `tls: { minVersion: "1.2", validForAtLeast: 14d, coversHost: true, issuer: "Let's Encrypt" }`.
    private mutating func tlsCheck(_ entry: Fields.Entry) -> TLSCheck? {
        guard let fields = fields(of: entry.value, in: "'tls'", allowed: ["minVersion", "validForAtLeast", "coversHost", "issuer"], owner: entry.keyLocation)
        else { return nil }
        var check = TLSCheck()
        if let node = fields["minVersion"], let text = string(node, "'minVersion'") {
            guard let version = TLSVersion(rawValue: text) else {
                report("'minVersion' must be 1.2 or 1.3, found '\(text)'", at: location(of: node), hint: "quote it: minVersion: \"1.3\"")
                return nil
            }
            check.minVersion = version
        }
        check.validForAtLeast = fields["validForAtLeast"].flatMap { duration($0, "'validForAtLeast'") }
        check.coversHost = fields["coversHost"].flatMap { boolean($0, "'coversHost'") } ?? false
        check.issuer = fields["issuer"].flatMap { pattern($0, "'issuer'") }
        return check
    }

    /// `200`, `[200, 201]` or `2xx`.
    private mutating func statusMatcher(_ node: Node) -> StatusMatcher? {
        let usage = "write a code such as 200, a list such as [200, 201], or a class such as 2xx"
        if let items = node.sequence {
            guard items.count > 0 else {
                report("'status' list is empty", at: location(of: node), hint: usage)
                return nil
            }
            let codes = items.map { statusCode($0, usage: usage) }
            guard codes.allSatisfy({ $0 != nil }) else { return nil }
            return .oneOf(codes.compactMap { $0 })
        }
        guard let text = string(node, "'status'") else { return nil }
        let lowered = text.lowercased()
        if lowered.count == 3, lowered.hasSuffix("xx") {
            guard let digit = lowered.first?.wholeNumberValue, (1...5).contains(digit) else {
                report("invalid status class '\(text)'", at: location(of: node), hint: "use 1xx, 2xx, 3xx, 4xx or 5xx")
                return nil
            }
            return .statusClass(digit)
        }
        return statusCode(node, usage: usage).map(StatusMatcher.exact)
    }

    private mutating func statusCode(_ node: Node, usage: String) -> Int? {
        guard let text = string(node, "'status'") else { return nil }
        guard let code = Int(text) else {
            report("invalid status '\(text)'", at: location(of: node), hint: usage)
            return nil
        }
        guard (100...599).contains(code) else {
            report("status \(code) is outside 100–599", at: location(of: node), hint: usage)
            return nil
        }
        return code
    }

    /// `Name: value` (equals) or `Name: { equals | matches | exists | absent }`.
    private mutating func headerExpectations(_ entry: Fields.Entry) -> [Expectation] {
        guard let headers = entries(of: entry.value, in: "'expect.headers'", owner: entry.keyLocation) else { return [] }
        var expectations: [Expectation] = []
        for header in headers.entries {
            let what = "header check '\(header.key)'"
            func expect(_ check: HeaderCheck) {
                expectations.append(Expectation(.header(name: header.key, check), location: header.keyLocation))
            }
            guard case .mapping = header.value else {
                if expectedScalar(header, what: what) != nil, let value = template(header.value, what) { expect(.equals(value)) }
                continue
            }
            for check in checks(header, allowed: Self.headerCheckKeys, what: what) {
                switch check.key {
                case "equals": if let value = template(check.value, "'equals'") { expect(.equals(value)) }
                case "matches": if let pattern = pattern(check.value, "'matches'") { expect(.matches(pattern: pattern)) }
                case "exists": if let exists = boolean(check.value, "'exists'") { expect(exists ? .exists : .absent) }
                default: if let absent = boolean(check.value, "'absent'") { expect(absent ? .absent : .exists) }
                }
            }
        }
        return expectations
    }

    /// `$.path: scalar` (equals) or `$.path: { equals | matches | exists | type }`.
    private mutating func jsonExpectations(_ entry: Fields.Entry) -> [Expectation] {
        guard let checksByPath = entries(of: entry.value, in: "'expect.json'", owner: entry.keyLocation) else {
            return []
        }
        var expectations: [Expectation] = []
        for item in checksByPath.entries {
            let path = jsonPath(item.keyNode, text: item.key, "'expect.json'")
            let what = "JSON check '\(item.key)'"
            var found: [JSONCheck] = []
            if case .mapping = item.value {
                for check in checks(item, allowed: Self.jsonCheckKeys, what: what) {
                    switch check.key {
                    case "equals": if let value = jsonScalar(check.value, "'equals'") { found.append(.equals(value)) }
                    case "matches": if let pattern = pattern(check.value, "'matches'") { found.append(.matches(pattern: pattern)) }
                    case "exists": if existsTrue(check.value) { found.append(.exists) }
                    default: if let type = jsonType(check.value) { found.append(.type(type)) }
                    }
                }
            } else if let value = jsonScalar(item.value, what) {
                found.append(.equals(value))
            }
            guard let path else { continue }
            expectations += found.map { Expectation(.json(path: path, $0), location: item.keyLocation) }
        }
        return expectations
    }

    /// `contains` and `matches`, each a string or a list of strings.
    private mutating func bodyExpectations(_ entry: Fields.Entry) -> [Expectation] {
        guard let fields = fields(of: entry.value, in: "'expect.body'", allowed: Self.bodyCheckKeys, owner: entry.keyLocation)
        else { return [] }
        var expectations: [Expectation] = []
        for check in fields.entries {
            let values = check.value.sequence.map(Array.init) ?? [check.value]
            for value in values {
                if check.key == "contains" {
                    if let text = template(value, "'contains'") {
                        expectations.append(Expectation(.bodyContains(text), location: check.keyLocation))
                    }
                } else if let pattern = pattern(value, "'matches'") {
                    expectations.append(Expectation(.bodyMatches(pattern: pattern), location: check.keyLocation))
                }
            }
        }
        return expectations
    }

    /// The checks of a mapping such as `{ matches: ..., exists: true }`; several may be combined.
    private mutating func checks(_ entry: Fields.Entry, allowed: [String], what: String) -> [Fields.Entry] {
        guard let fields = fields(of: entry.value, in: what, allowed: allowed, owner: entry.keyLocation) else { return [] }
        if entry.value.mapping?.isEmpty == true {
            report("\(what) has no check", at: entry.keyLocation, hint: "use one of " + allowed.joined(separator: ", "))
        }
        return fields.entries
    }

    /// The scalar a header is compared with; an empty value is a mistake rather than "equals nothing".
    private mutating func expectedScalar(_ entry: Fields.Entry, what: String) -> String? {
        if case .scalar(let scalar) = entry.value, ScalarKind(scalar) == .null {
            report(
                "\(what) has no value", at: entry.keyLocation,
                hint: "write the expected value, or a check such as { exists: true }")
            return nil
        }
        return string(entry.value, what)
    }

    private mutating func jsonScalar(_ node: Node, _ what: String) -> JSONScalar? {
        guard case .scalar(let scalar) = node else {
            report(
                "\(what) compares with a single value, found \(describe(node))", at: location(of: node),
                hint: "check nested values with their own paths, such as $.user.role")
            return nil
        }
        guard !isUnresolved(node) else { return nil }
        switch ScalarKind(scalar) {
        case .null: return .null
        case .bool: return node.bool.map(JSONScalar.bool)
        case .int, .float:
            guard let number = node.int.map(Double.init) ?? node.float, number.isFinite else {
                report("\(what) holds '\(scalar.string)', which is not a JSON number", at: location(of: node))
                return nil
            }
            return .number(number)
        case .string: return template(node, what).map(JSONScalar.string)
        }
    }

    private mutating func existsTrue(_ node: Node) -> Bool {
        guard let exists = boolean(node, "'exists'") else { return false }
        if !exists {
            report(
                "'exists: false' is not supported for JSON checks", at: location(of: node),
                hint: "JSON checks require a value to be present; use 'type: null' to accept an explicit null")
        }
        return exists
    }

    private mutating func jsonType(_ node: Node) -> JSONType? {
        guard let text = string(node, "'type'") else { return nil }
        guard let type = JSONType(rawValue: text) else {
            let names = JSONType.allCases.map(\.rawValue)
            report(
                "unknown JSON type '\(text)'", at: location(of: node),
                hint: DidYouMean.hint(for: text, among: names) ?? "use one of " + names.joined(separator: ", "))
            return nil
        }
        return type
    }
}
