import Foundation
import Yams

/// Reads a plan file and validates all of it before anything runs.
///
/// The environment is injected rather than read from the process so that loading is pure:
/// tests can describe any deployment, and the same plan text always yields the same result
/// for the same environment.
public struct PlanLoader: Sendable {
    /// The variables `${NAME}` references read; never the process environment behind the caller's back.
    public let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Reads and validates the plan at `path` (YAML, or JSON, which is YAML too).
    ///
    /// Throws a `PlanValidationError` listing every problem, or holding a single diagnostic
    /// when the file cannot be read or is not well-formed YAML.
    public func load(contentsOf path: String) throws(PlanValidationError) -> Plan {
        func fail(_ message: String, hint: String? = nil) -> PlanValidationError {
            PlanValidationError(diagnostics: [PlanDiagnostic(
                file: path, location: SourceLocation(line: 1, column: 1), message: message, hint: hint)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail("no such file", hint: "check the path, which is relative to the current directory")
        }
        guard !isDirectory.boolValue else { throw fail("this is a directory, not a plan file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("cannot read the file", hint: "check its permissions")
        }
        return try load(bytes: Array(data), file: path)
    }

    /// Reads a file the plan names, relative to the plan file's directory (or the current one).
    private static func reader(relativeTo planFile: String) -> @Sendable (String) -> [UInt8]? {
        let directory = URL(fileURLWithPath: planFile).deletingLastPathComponent()
        return { path in
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
            return FileManager.default.contents(atPath: url.path).map(Array.init)
        }
    }

    /// Validates plan bytes, e.g. read from standard input; `file` is only used in diagnostics.
    public func load(bytes: [UInt8], file: String) throws(PlanValidationError) -> Plan {
        // A UTF-8 byte-order mark is allowed and dropped, as editors on Windows write one.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let text = String(validating: body, as: UTF8.self) else {
            let location = SourceText.firstInvalidUTF8(in: bytes) ?? SourceLocation(line: 1, column: 1)
            throw PlanValidationError(diagnostics: [PlanDiagnostic(
                file: file, location: location, message: "the file is not UTF-8 text: this byte is not valid UTF-8",
                hint: "save the plan as UTF-8")])
        }
        return try load(text: text, file: file)
    }

    /// Validates plan text; `file` is only used in diagnostics.
    public func load(text: String, file: String) throws(PlanValidationError) -> Plan {
        let source = SourceText(text)
        if let location = AliasExpansionLimit.aliasUsedAsKey(in: text) {
            throw PlanValidationError(diagnostics: [PlanDiagnostic(
                file: file, location: location, message: "an alias cannot be used as a mapping key",
                hint: "write the key out; aliases (*name) may only stand for values")])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw PlanValidationError(diagnostics: [YAMLSyntaxDiagnostic.make(for: error, file: file, source: source)])
        }
        guard let root else {
            throw PlanValidationError(diagnostics: [PlanDiagnostic(
                file: file, location: SourceLocation(line: 1, column: 1), message: "the plan is empty",
                hint: "a plan needs at least 'name', 'targets' and 'flows'")])
        }
        if let location = AliasExpansionLimit.overflow(in: root) {
            throw PlanValidationError(diagnostics: [PlanDiagnostic(
                file: file, location: location,
                message: "YAML aliases here repeat more than \(AliasExpansionLimit.maximumValues) values",
                hint: "aliases (*name) repeat whole subtrees; a plan this large is almost certainly an alias bomb")])
        }
        var decoder = PlanDecoder(file: file, source: source, environment: environment)
        decoder.readFile = Self.reader(relativeTo: file == "stdin" ? "./stdin" : file)
        let plan = decoder.decode(root)
        guard let plan, decoder.diagnostics.isEmpty else {
            throw PlanValidationError(diagnostics: decoder.diagnostics)
        }
        return plan
    }
}
