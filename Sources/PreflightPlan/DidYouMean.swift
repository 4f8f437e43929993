/// Suggests the closest known word for a misspelt one, so messages can say "did you mean 'expect'?".
/// Public so that names given on the command line (a profile) get the same hint as the plan's keys.
public enum DidYouMean {
    /// The candidate nearest to `word` by edit distance, if it is close enough to be a plausible typo.
    private static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let typed = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(typed, Array(candidate.lowercased()))
            let allowed = max(1, min(candidate.count, word.count) / 3)
            guard distance <= allowed, distance < (best?.distance ?? .max) else { continue }
            best = (candidate, distance)
        }
        return best?.candidate
    }

    /// `did you mean 'x'?` when a suggestion exists.
    public static func hint(for word: String, among candidates: some Sequence<String>) -> String? {
        suggestion(for: word, among: candidates).map { "did you mean '\($0)'?" }
    }

    /// Edit distance where an insertion, deletion, substitution or swap of neighbours each cost one,
    /// so the common typo `auht` is as close to `auth` as `aut` is.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var distance = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { distance[i][0] = i }
        for j in 0...b.count { distance[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                distance[i][j] = min(distance[i - 1][j] + 1, distance[i][j - 1] + 1, distance[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    distance[i][j] = min(distance[i][j], distance[i - 2][j - 2] + 1)
                }
            }
        }
        return distance[a.count][b.count]
    }
}
