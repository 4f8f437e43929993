/// One part of a run split over several processes or machines (`--shard 2/3`): which arrivals,
/// virtual users and data rows are this process's, so the shards together offer exactly the load
/// one process would have, with nothing left out and nothing offered twice.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// From 0; printed from 1 (`2/3` is index 1).
    public let index: Int
    public let count: Int

    /// The whole run: one shard of one.
    public static let whole = Shard(validIndex: 0, count: 1)

    private init(validIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// nil unless `0 <= index < count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.init(validIndex: index, count: count)
    }

    /// `I/N` with I from 1 to N, as written on the command line.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: number - 1, count: count)
    }

    public var isWhole: Bool { count == 1 }

    /// `2/3`.
    public var description: String { "\(index + 1)/\(count)" }

    /// Whether the n-th item of the whole run (an arrival, a data row) is this shard's: every
    /// `count`-th one, starting at `index`, so the shards interleave evenly at any rate.
    public func owns(_ number: Int) -> Bool {
        number % count == index
    }

    /// Part `part` of `parts` of this shard's items (one per event loop): every `parts`-th of
    /// them, so the parts interleave evenly and add up to exactly this shard.
    func part(_ part: Int, of parts: Int) -> Shard {
        let parts = max(1, parts)
        return Shard(validIndex: index + count * (((part % parts) + parts) % parts), count: count * parts)
    }

    /// This shard's part of `total` virtual users: as even as possible, the first shards taking
    /// one more when it does not divide.
    public func share(of total: Int) -> Int {
        total / count + (index < total % count ? 1 : 0)
    }
}
