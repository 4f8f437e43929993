/// The open model's arrivals in order: for each, its number in the whole run, when it is due
/// (seconds from the start) and which flow it runs. Pure, so what a schedule offers is tested
/// without threads or clocks, and the same for one process and for every shard of a split run.
///
/// Every arrival of the whole run is drawn (spacing, Poisson gaps and the flow mix advance as on
/// one machine); a shard keeps only its own. The shards' schedules therefore add up to exactly the
/// single-process schedule, still evenly spaced at the target rate, ramps included.
struct ArrivalSchedule: IteratorProtocol {
    struct Arrival: Equatable {
        /// Position in the whole run, from 0.
        var number: Int
        var offsetSeconds: Double
        var flowIndex: Int
    }

    private let curve: ArrivalCurve
    private let shard: Shard
    private var sequence: ArrivalSequence
    private var mix: FlowMix
    private var number = 0

    init(curve: ArrivalCurve, spacing: ArrivalSpacing, weights: [Double], shard: Shard = .whole) {
        self.curve = curve
        self.shard = shard
        sequence = ArrivalSequence(spacing)
        mix = FlowMix(weights: weights)
    }

    /// This shard's next arrival, nil once the curve has ended.
    mutating func next() -> Arrival? {
        while let offset = curve.seconds(atCumulativeArrivals: sequence.advance()) {
            defer { number += 1 }
            let flowIndex = mix.next()
            if shard.owns(number) { return Arrival(number: number, offsetSeconds: offset, flowIndex: flowIndex) }
        }
        return nil
    }
}
