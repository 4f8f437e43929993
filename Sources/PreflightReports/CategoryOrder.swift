import PreflightMetrics

/// Result counts in a fixed order: the categories Preflight knows in their declared order, then
/// any other name alphabetically. Dictionaries have no order, and rendered reports must not
/// change from one rendering of the same data to the next.
enum CategoryOrder {
    static func sorted(_ counts: [String: UInt64]) -> [(category: String, count: UInt64)] {
        counts.sorted { rank($0.key) == rank($1.key) ? $0.key < $1.key : rank($0.key) < rank($1.key) }
            .map { (category: $0.key, count: $0.value) }
    }

    /// The failed categories only, as `http_5xx 3, timeout 1`; empty when every request was ok.
    static func failures(_ counts: [String: UInt64]) -> String {
        sorted(counts).filter { $0.category != ResultCategory.ok.rawValue && $0.count > 0 }
            .map { "\($0.category) \($0.count)" }.joined(separator: ", ")
    }

    static func rank(_ category: String) -> Int {
        ResultCategory(rawValue: category).flatMap { ResultCategory.allCases.firstIndex(of: $0) } ?? ResultCategory.allCases.count
    }
}
