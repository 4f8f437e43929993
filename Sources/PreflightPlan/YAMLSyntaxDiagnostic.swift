import Foundation
import Yams

/// Turns the errors Yams throws into a diagnostic at the position it reports.
enum YAMLSyntaxDiagnostic {
    /// libyaml's default depth limit for nested collections.
    static let maximumNesting = 1000

    static func make(for error: any Error, file: String, source: SourceText) -> PlanDiagnostic {
        func diagnostic(_ message: String, _ location: SourceLocation, hint: String? = nil) -> PlanDiagnostic {
            PlanDiagnostic(file: file, location: location, message: message, hint: hint)
        }
        guard let error = error as? YamlError else {
            return diagnostic("invalid YAML: \(error)", SourceLocation(line: 1, column: 1))
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let location = SourceLocation(line: mark.line, column: mark.column)
            if problem.contains("Maximum nesting level") {
                return diagnostic(
                    "the plan nests deeper than YAML's limit of \(maximumNesting) levels", location,
                    hint: "no plan needs this depth; look for unclosed '[' or '{' or runaway indentation")
            }
            let detail = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return diagnostic(
                "invalid YAML: \(problem)\(detail)", location,
                hint: hint(for: problem, context: context?.text ?? "", at: location, source))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let first = SourceLocation(line: context.mark.line, column: context.mark.column)
            let key = duplicates.first ?? ""
            let repeated = DuplicateKeyLocator.repeat(of: key, firstAt: first, in: source)
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return diagnostic(
                "duplicate key \(names)", repeated ?? first,
                hint: "each key may appear once in a mapping (flow names, captures and headers included); "
                    + "the first '\(key)' is on line \(first.line)")
        case .reader(let problem, let offset, let value, _):
            let location = offset.flatMap(source.location(ofUTF8Offset:)) ?? SourceLocation(line: 1, column: 1)
            let what = value == 0 ? "a NUL byte" : value > 0 ? String(format: "the character U+%04X", value) : problem
            return diagnostic("cannot read the plan: \(what) is not allowed in YAML", location,
                              hint: "plans must be printable UTF-8 text; remove the character or write it as an escape in a double-quoted string")
        default:
            return diagnostic("invalid YAML: \(error)", SourceLocation(line: 1, column: 1))
        }
    }

    private static func hint(
        for problem: String, context: String, at location: SourceLocation, _ source: SourceText
    ) -> String? {
        if source.line(location.line)?.contains("\t") == true {
            return "indent with spaces; YAML does not allow tabs for indentation"
        }
        if problem.contains("mapping values are not allowed") {
            return "quote values that contain ': ', and check the indentation of the line"
        }
        if context.contains("flow sequence") || context.contains("flow mapping") {
            return "check that every '[' and '{' is closed, with ',' between items"
        }
        if context.contains("quoted scalar") {
            return "check that every quoted string is closed"
        }
        if problem.contains("did not find expected key") {
            return "check the indentation of this line and the ones before it"
        }
        return nil
    }
}

/// Finds the second occurrence of a duplicated block-mapping key, which is the one to fix.
///
/// Yams reports only the first occurrence. In block style the keys of one mapping share a
/// column, so the repeat is the next line starting with the same key at that column before
/// the mapping ends; anything else (flow style, unusual quoting) keeps the first position.
enum DuplicateKeyLocator {
    static func `repeat`(of key: String, firstAt first: SourceLocation, in source: SourceText) -> SourceLocation? {
        if let sameLine = repeatOnSameLine(of: key, firstAt: first, in: source) { return sameLine }
        let indent = first.column - 1
        var number = first.line + 1
        while let line = source.line(number) {
            defer { number += 1 }
            let leading = line.prefix(while: { $0 == " " || $0 == "-" }).count
            let content = String(String.UnicodeScalarView(line.dropFirst(leading)))
            if content.trimmingWhitespace().isEmpty || content.hasPrefix("#") { continue }
            if leading < indent { return nil }
            guard leading == indent else { continue }
            for spelling in [key, "\"\(key)\"", "'\(key)'"] {
                let rest = String(content.dropFirst(spelling.count)).trimmingWhitespace()
                if content.hasPrefix(spelling), rest.hasPrefix(":") {
                    return SourceLocation(line: number, column: first.column)
                }
            }
        }
        return nil
    }

    /// In flow style (`{ path: /a, path: /b }`, one-line JSON) the repeat is later on the same
    /// line: the next `key:` (or quoted `"key":`) that follows `{`, `,` or a space.
    private static func repeatOnSameLine(of key: String, firstAt first: SourceLocation, in source: SourceText) -> SourceLocation? {
        guard let line = source.line(first.line), !key.isEmpty else { return nil }
        let text = Array(line)
        var index = first.column - 1 + 1
        while index < text.count {
            defer { index += 1 }
            guard index > 0, [" ", "{", ",", "\t"].contains(text[index - 1]) else { continue }
            for spelling in [key, "\"\(key)\"", "'\(key)'"] {
                let candidate = Array(spelling.unicodeScalars)
                guard index + candidate.count <= text.count, Array(text[index..<(index + candidate.count)]) == candidate else { continue }
                var after = index + candidate.count
                while after < text.count, text[after] == " " { after += 1 }
                if after < text.count, text[after] == ":" { return SourceLocation(line: first.line, column: index + 1) }
            }
        }
        return nil
    }
}
