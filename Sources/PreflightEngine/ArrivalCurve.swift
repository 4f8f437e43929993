import PreflightPlan

/// When the n-th iteration of an open-model run is due, as an offset from the start of the run.
///
/// The schedule, not a timer, decides each intended start: that is what lets latency be measured
/// from when a request *should* have been sent, so a stalled target cannot hide its stall by
/// slowing the generator down (coordinated omission).
///
/// A curve is the cumulative number of arrivals due by time t, A(t) = ∫ rate; the k-th arrival is
/// due at A⁻¹(k). Even spacing feeds it k = 0, 1, 2...; Poisson arrivals feed it the partial sums
/// of unit exponential gaps, which is the same process on a stretched clock.
public struct ArrivalCurve: Sendable, Equatable {
    /// Rate segments, each ramping linearly from `startRate` to `endRate` (per second) over `duration`.
    public struct Segment: Sendable, Equatable {
        public var startRate: Double
        public var endRate: Double
        public var seconds: Double
        public init(startRate: Double, endRate: Double, seconds: Double) {
            self.startRate = startRate
            self.endRate = endRate
            self.seconds = seconds
        }

        /// Arrivals due within the whole segment.
        var arrivals: Double { (startRate + endRate) / 2 * seconds }
    }

    public var segments: [Segment]

    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// A constant rate (iterations per second) for a duration.
    public static func constant(rate: Double, duration: Duration) -> ArrivalCurve {
        ArrivalCurve(segments: [Segment(startRate: rate, endRate: rate, seconds: duration.seconds)])
    }

    /// Stages ramp linearly from the previous stage's target (the first from `startRate`).
    public static func ramping(stages: [RateStage], startRate: Double = 0) -> ArrivalCurve {
        var previous = startRate
        return ArrivalCurve(segments: stages.map { stage in
            defer { previous = stage.target }
            return Segment(startRate: previous, endRate: stage.target, seconds: stage.duration.seconds)
        })
    }

    public var totalSeconds: Double { segments.reduce(0) { $0 + $1.seconds } }
    public var totalArrivals: Double { segments.reduce(0) { $0 + $1.arrivals } }

    /// The target rate (per second) at `seconds` into the run; 0 after the end.
    public func rate(atSeconds seconds: Double) -> Double {
        var start = 0.0
        for segment in segments {
            if seconds < start + segment.seconds {
                let fraction = segment.seconds > 0 ? (seconds - start) / segment.seconds : 0
                return segment.startRate + (segment.endRate - segment.startRate) * fraction
            }
            start += segment.seconds
        }
        return 0
    }

    /// Arrivals due in the first `seconds` of the run: the integral of the rate.
    public func arrivals(atSeconds seconds: Double) -> Double {
        var total = 0.0
        var start = 0.0
        for segment in segments {
            let within = min(max(seconds - start, 0), segment.seconds)
            let endRate = segment.startRate + (segment.endRate - segment.startRate) * (segment.seconds > 0 ? within / segment.seconds : 0)
            total += (segment.startRate + endRate) / 2 * within
            start += segment.seconds
        }
        return total
    }

    /// Seconds from the start at which `arrivals` cumulative arrivals are due, or nil when the
    /// curve ends first.
    public func seconds(atCumulativeArrivals arrivals: Double) -> Double? {
        var remaining = arrivals
        var start = 0.0
        for segment in segments {
            if remaining < segment.arrivals {
                return start + Self.time(toReach: remaining, in: segment)
            }
            remaining -= segment.arrivals
            start += segment.seconds
        }
        return nil
    }

    /// Solves r0·t + (r1 − r0)·t² / (2T) = n for t in [0, T].
    private static func time(toReach arrivals: Double, in segment: Segment) -> Double {
        let slope = segment.seconds > 0 ? (segment.endRate - segment.startRate) / segment.seconds : 0
        if abs(slope) < 1e-12 {
            return segment.startRate > 0 ? arrivals / segment.startRate : segment.seconds
        }
        // (slope/2)·t² + r0·t − n = 0; the root that grows with n.
        let discriminant = max(0, segment.startRate * segment.startRate + 2 * slope * arrivals)
        let root = (-segment.startRate + discriminant.squareRoot()) / slope
        return min(max(root, 0), segment.seconds)
    }
}
