/// Finds the known word a misspelt one was probably meant to be, for "did you mean ...?" hints.
enum ThresholdSpelling {
    /// The nearest candidate, when it is within a typo's reach: one edit for short words, about
    /// one per four characters for long ones (`http_req_duraton` still finds `http_req_duration`).
    static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let typed = Array(word.lowercased().unicodeScalars)
        let ranked = candidates.map { candidate in
            (candidate, typoDistance(typed, Array(candidate.lowercased().unicodeScalars)))
        }
        guard let nearest = ranked.min(by: { $0.1 < $1.1 }) else { return nil }
        let reach = Swift.max(1, Swift.min(typed.count, nearest.0.unicodeScalars.count) / 4)
        return nearest.1 <= reach ? nearest.0 : nil
    }

    /// Edits between two words, where inserting, deleting or replacing one character or swapping
    /// two neighbours (the commonest typing slip) each count as one.
    private static func typoDistance(_ typed: [Unicode.Scalar], _ known: [Unicode.Scalar]) -> Int {
        let columns = known.count + 1
        var table = [Int](repeating: 0, count: (typed.count + 1) * columns)
        for i in 0...typed.count { table[i * columns] = i }
        for j in 0...known.count { table[j] = j }
        for i in stride(from: 1, through: typed.count, by: 1) {
            for j in stride(from: 1, through: known.count, by: 1) {
                let replace = typed[i - 1] == known[j - 1] ? 0 : 1
                var best = Swift.min(
                    table[(i - 1) * columns + j] + 1, table[i * columns + j - 1] + 1,
                    table[(i - 1) * columns + j - 1] + replace)
                if i > 1, j > 1, typed[i - 1] == known[j - 2], typed[i - 2] == known[j - 1] {
                    best = Swift.min(best, table[(i - 2) * columns + j - 2] + 1)
                }
                table[i * columns + j] = best
            }
        }
        return table[typed.count * columns + known.count]
    }
}
