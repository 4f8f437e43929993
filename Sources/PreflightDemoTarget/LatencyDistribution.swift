import Foundation
import PreflightMetrics

/// Extra service time the demo target adds to every request.
///
/// Load-test reports are only checkable against a server whose latency shape is known in advance:
/// flat (`fixed`), spread (`uniform`) or long-tailed like real backends (`logNormal`).
public enum LatencyDistribution: Sendable, Equatable {
    case none
    case fixed(Duration)
    case uniform(min: Duration, max: Duration)
    /// Half the requests are faster than `median`; `sigma` (the standard deviation of the log) sets how long the tail is.
    case logNormal(median: Duration, sigma: Double)

    /// Draws one delay from the distribution.
    func sample(using generator: inout some RandomNumberGenerator) -> Duration {
        switch self {
        case .none:
            return .zero
        case .fixed(let delay):
            return delay
        case .uniform(let lower, let upper):
            let bounds = Swift.min(lower, upper).seconds...Swift.max(lower, upper).seconds
            return .seconds(Double.random(in: bounds, using: &generator))
        case .logNormal(let median, let sigma):
            return .seconds(median.seconds * exp(sigma * standardNormal(using: &generator)))
        }
    }

    /// A standard normal variate by the Box–Muller transform.
    private func standardNormal(using generator: inout some RandomNumberGenerator) -> Double {
        let u1 = Double.random(in: Double.leastNonzeroMagnitude...1, using: &generator)
        let u2 = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
