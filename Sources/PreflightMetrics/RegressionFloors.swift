/// How much evidence `preflight compare` needs before it calls a change a regression.
///
/// Two healthy runs differ by noise, and noise is loudest where there is little to go on: the p95
/// of 8 requests is their second slowest, and a step answered in 0.9 ms can read 8.4 ms the next
/// time because one request waited for a busy core. So a step is judged only when both reports
/// hold enough of its requests, and a latency change smaller than the noise floor is never a
/// regression, whatever percentage it comes to.
public struct RegressionFloors: Sendable, Equatable {
    /// Requests a step needs in each report before any rule judges it.
    public var minSamples: Int
    /// Latency changes (in milliseconds) at most this large are ignored by every latency rule.
    public var noiseFloorMs: Double

    public init(minSamples: Int = RegressionFloors.defaultMinSamples, noiseFloorMs: Double = RegressionFloors.defaultNoiseFloorMs) {
        self.minSamples = minSamples
        self.noiseFloorMs = noiseFloorMs
    }

    /// 30 requests: below that a tail percentile is one or two requests' luck.
    public static let defaultMinSamples = 30
    /// 1 ms: what scheduling alone moves a fast request by on a shared machine.
    public static let defaultNoiseFloorMs = 1.0

    /// The defaults, for when neither the command line nor the plan sets a floor.
    public static let defaults = RegressionFloors()
}
