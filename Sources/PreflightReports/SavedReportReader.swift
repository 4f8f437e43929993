import Foundation

/// Reads a JSON report saved by an earlier run, so it can be rendered again, and says in one
/// sentence what is wrong when it cannot: a person pointed `preflight report` at a file and
/// needs to know whether it is the wrong file, a damaged one or one from a newer Preflight.
public enum SavedReportReader {
    /// Why a file is not a report this version can render; `description` is the sentence.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    public static func read(_ bytes: [UInt8]) throws(Problem) -> RunReport {
        let version: Int?
        do {
            version = try JSONDecoder().decode(SchemaHeader.self, from: Data(bytes)).schemaVersion
        } catch {
            throw Problem(description: "not valid JSON" + (parserDetail(error).map { " (\($0))" } ?? ""))
        }
        guard let version else {
            throw Problem(description: "not a Preflight report: it has no schemaVersion")
        }
        guard version <= RunReport.currentSchemaVersion else {
            throw Problem(description: "written by a newer Preflight (schema version \(version)); this one reads up to version \(RunReport.currentSchemaVersion)")
        }
        do {
            return try JSONReportRenderer.decode(bytes)
        } catch {
            if let number = OutOfRangeNumber.first(in: bytes) {
                throw Problem(description: "the number \(number.text) at line \(number.line), column \(number.column) is out of range for a report")
            }
            throw Problem(description: "not a Preflight report of schema version \(version): \(describe(error))")
        }
    }

    private struct SchemaHeader: Decodable {
        var schemaVersion: Int?
    }

    /// A decoding error as the JSON path a person can look up, e.g. `flows[0].steps[1].latency`.
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .typeMismatch(let type, let context):
            return "'\(path(context.codingPath))' should be \(expected(type))"
        case .valueNotFound(let type, let context):
            return "'\(path(context.codingPath))' is null but should be \(expected(type))"
        case .dataCorrupted(let context):
            let detail = parserDetail(error) ?? context.debugDescription
            return context.codingPath.isEmpty ? detail : "'\(path(context.codingPath))': \(detail)"
        @unknown default:
            return "\(error)"
        }
    }

    /// Where the JSON parser gave up, when the platform's decoder says (`around line 3, column 7`).
    private static func parserDetail(_ error: Error) -> String? {
        guard case .dataCorrupted(let context)? = error as? DecodingError else { return nil }
        return (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "(top level)" : text
    }

    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int32.Type, is UInt64.Type: "a whole number"
        case is Double.Type: "a number"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: "\(type)"
        }
    }
}

/// Finds a JSON number no report field can hold (`1e999`, an integer past 64 bits), which
/// Foundation's decoder only reports as "not valid JSON", with no place to look.
enum OutOfRangeNumber {
    struct Found: Equatable {
        var text: String
        var line: Int
        var column: Int
    }

    static func first(in bytes: [UInt8]) -> Found? {
        var index = 0
        var line = 1
        var lineStart = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "\n"):
                line += 1
                lineStart = index + 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index + 1 < bytes.count, "+-.eE0123456789".utf8.contains(bytes[index + 1]) { index += 1 }
                let text = String(decoding: bytes[start...index], as: UTF8.self)
                let isInteger = !text.contains { ".eE".contains($0) }
                let fits = isInteger ? (Int64(text) != nil || UInt64(text) != nil) : (Double(text)?.isFinite ?? false)
                if !fits { return Found(text: text, line: line, column: start - lineStart + 1) }
            default:
                break
            }
            index += 1
        }
        return nil
    }
}
