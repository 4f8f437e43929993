import Yams

/// Decodes a step's request body from `json`, `form` or `body`, of which at most one may be given.
extension PlanDecoder {
    mutating func decodeBody(_ fields: Fields, in context: String) -> Body? {
        let given = fields.entries.filter { ["json", "form", "multipart", "body"].contains($0.key) }
        guard let first = given.first else { return nil }
        for extra in given.dropFirst() {
            report(
                "\(context) has both '\(first.key)' and '\(extra.key)'; a request has one body",
                at: extra.keyLocation, hint: "keep one of 'json', 'form', 'multipart' or 'body'")
        }
        switch first.key {
        case "json":
            return jsonTemplate(first.value, "'json'").map(Body.json)
        case "form":
            return .form(decodeParameters(first.value, in: "'form'", owner: first.keyLocation))
        case "multipart":
            return decodeMultipart(first.value, owner: first.keyLocation).map(Body.multipart)
        default:
            if first.value.scalar == nil {
                report(
                    "'body' must be text, found \(describe(first.value))", at: location(of: first.value),
                    hint: "use 'json:' for a JSON body or 'form:' for form fields")
                return nil
            }
            return template(first.value, "'body'").map(Body.raw)
        }
    }

    /// Any YAML value as JSON; strings may hold placeholders.
    private mutating func jsonTemplate(_ node: Node, _ what: String) -> JSONTemplate? {
        switch node {
        case .mapping:
            guard let fields = entries(of: node, in: what, owner: nil) else { return nil }
            var members: [(key: String, value: JSONTemplate)] = []
            for entry in fields.entries {
                if let value = jsonTemplate(entry.value, "'\(entry.key)' in \(what)") {
                    members.append((entry.key, value))
                }
            }
            return .object(members)
        case .sequence(let sequence):
            return .array(sequence.compactMap { jsonTemplate($0, what) })
        case .alias:
            report("\(what) cannot use an alias here", at: location(of: node))
            return nil
        case .scalar(let scalar):
            guard !isUnresolved(node) else { return nil }
            // Data is read by the YAML 1.2 core schema, so what is sent is what the plan shows:
            // `01234` is 1234 (not 1.1's octal 668), `yes` is text, and numbers keep their digits.
            let isPlain = scalar.style == .plain && scalar.tag == .implicit
            let kind: YAMLCoreScalar = if isPlain {
                YAMLCoreScalar(plain: scalar.string)
            } else {
                switch ScalarKind(scalar) {
                case .null: .null
                case .bool: node.bool.map(YAMLCoreScalar.bool) ?? .string
                case .int, .float: JSONNumber(yamlCore: scalar.string).map(YAMLCoreScalar.number) ?? .nonFiniteNumber
                case .string: .string
                }
            }
            switch kind {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .number(let number): return .number(number)
            case .nonFiniteNumber:
                report("\(what) holds '\(scalar.string)', which is not a JSON number", at: location(of: node),
                       hint: "quote it to send it as text")
                return nil
            case .string:
                return template(node, what).map(JSONTemplate.string)
            }
        }
    }

    /// `multipart: { note: text, upload: { file: receipt.png, contentType: image/png, filename: r.png } }`.
    private mutating func decodeMultipart(_ node: Node, owner: SourceLocation) -> [MultipartPart]? {
        guard let entries = entries(of: node, in: "'multipart'", owner: owner) else { return nil }
        var parts: [MultipartPart] = []
        for entry in entries.entries {
            if case .mapping = entry.value {
                guard let file = fields(of: entry.value, in: "file part '\(entry.key)'", allowed: ["file", "contentType", "filename"], owner: entry.keyLocation),
                      let pathNode = required(file, "file", in: "file part '\(entry.key)'"),
                      let path = nonEmptyString(pathNode, "'file'")
                else { continue }
                guard let bytes = readFile(path) else {
                    report("cannot read the file '\(path)' of part '\(entry.key)'", at: location(of: pathNode),
                           hint: "a relative path is read from the plan's directory")
                    continue
                }
                let contentType = file["contentType"].flatMap { nonEmptyString($0, "'contentType'") } ?? "application/octet-stream"
                let filename = file["filename"].flatMap { nonEmptyString($0, "'filename'") }
                    ?? String(path.split(separator: "/").last ?? Substring(path))
                parts.append(MultipartPart(name: entry.key, content: .file(bytes: bytes, filename: filename, contentType: contentType)))
            } else if let text = template(entry.value, "part '\(entry.key)'") {
                parts.append(MultipartPart(name: entry.key, content: .text(text)))
            }
        }
        return parts
    }
}
