import Foundation
import Synchronization

/// Regular expressions compiled once per pattern, not once per response: a plan has a handful of
/// patterns and a load run checks them thousands of times a second.
final class CompiledPatterns: Sendable {
    static let shared = CompiledPatterns()

    /// NSRegularExpression is immutable once built, so sharing it across loop threads is safe.
    private let cache = Mutex<[String: UncheckedRegex]>([:])

    private struct UncheckedRegex: @unchecked Sendable {
        let regex: NSRegularExpression?
    }

    /// The compiled pattern, or nil when it does not compile (validation has already said so).
    func regex(_ pattern: String) -> NSRegularExpression? {
        if let cached = cache.withLock({ $0[pattern] }) { return cached.regex }
        let compiled = try? NSRegularExpression(pattern: pattern)
        cache.withLock { $0[pattern] = UncheckedRegex(regex: compiled) }
        return compiled
    }
}
