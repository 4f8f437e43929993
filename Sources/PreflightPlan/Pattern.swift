import Foundation
import Synchronization

/// A regular expression from the plan, compiled once when the plan loads and then shared by every
/// event-loop thread: `NSRegularExpression` is immutable once built and safe to use from many
/// threads, so the hot path needs neither a lock nor a cache.
public struct Pattern: Sendable, Equatable, CustomStringConvertible {
    /// The expression as written.
    public let source: String
    private let compiled: CompiledExpression

    /// Compiles `source`; throws when it is not a valid regular expression.
    public init(_ source: String) throws {
        self.source = source
        compiled = CompiledExpression(try NSRegularExpression(pattern: source))
        Self.compiledCount.add(1, ordering: .relaxed)
    }

    public var description: String { source }

    /// The number of capture groups in the expression.
    public var captureGroups: Int { compiled.regex.numberOfCaptureGroups }

    /// The first match in `text`, as the text of capture group `group` (0: the whole match).
    public func firstMatch(in text: String, group: Int = 0) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        guard let match = compiled.regex.firstMatch(in: text, range: range), group < match.numberOfRanges,
              let groupRange = Range(match.range(at: group), in: text)
        else { return nil }
        return String(text[groupRange])
    }

    public static func == (lhs: Pattern, rhs: Pattern) -> Bool {
        lhs.source == rhs.source
    }

    /// Patterns compiled by this process so far: a test shows each plan pattern is compiled once.
    public static var compilations: Int { compiledCount.load(ordering: .relaxed) }
    private static let compiledCount = Atomic<Int>(0)
}

/// Holds the compiled expression; immutable after `init`, which is what makes sharing it safe.
private final class CompiledExpression: @unchecked Sendable {
    let regex: NSRegularExpression

    init(_ regex: NSRegularExpression) {
        self.regex = regex
    }
}
