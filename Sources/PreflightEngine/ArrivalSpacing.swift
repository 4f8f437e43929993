import Foundation

/// How arrivals are spread along an `ArrivalCurve`.
public enum ArrivalSpacing: Sendable, Equatable {
    /// Exactly evenly spaced: the target sees a smooth stream, never bursts.
    case even
    /// Exponential gaps (a Poisson process), the way independent users arrive; seeded for repeatable runs.
    case poisson(seed: UInt64)
}

/// The sequence of cumulative-arrival positions for a spacing: 0, 1, 2... or partial sums of
/// unit exponential gaps.
struct ArrivalSequence {
    private var next: Double = 0
    private var random: SplitMix64?

    init(_ spacing: ArrivalSpacing) {
        if case .poisson(let seed) = spacing {
            random = SplitMix64(seed: seed)
            next = Self.exponentialGap(&random)
        }
    }

    mutating func advance() -> Double {
        let current = next
        next += random == nil ? 1 : Self.exponentialGap(&random)
        return current
    }

    private static func exponentialGap(_ random: inout SplitMix64?) -> Double {
        guard var generator = random else { return 1 }
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let uniform = 1 - Double(generator.next() >> 11) / Double(1 << 53)
        random = generator
        return -log(uniform)
    }
}

/// A small, fast, seedable generator: repeatable Poisson schedules without global state.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
