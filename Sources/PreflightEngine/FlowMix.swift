/// Picks the flow of each new iteration so the mix follows the plan's weights exactly, spread out
/// rather than in runs (smooth weighted round-robin): with weights 7:2:1, every 10 iterations hold
/// exactly 7, 2 and 1 of each, interleaved.
struct FlowMix {
    private let weights: [Double]
    private var current: [Double]
    private let total: Double

    init(weights: [Double]) {
        self.weights = weights.map { max($0, 0) }
        self.current = Array(repeating: 0, count: weights.count)
        self.total = self.weights.reduce(0, +)
    }

    /// Index of the next flow.
    mutating func next() -> Int {
        var best = 0
        for index in weights.indices {
            current[index] += weights[index]
            if current[index] > current[best] { best = index }
        }
        current[best] -= total
        return best
    }
}
