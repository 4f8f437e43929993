import Foundation
import PreflightMetrics

/// Latency along the whole nines axis, read from a full histogram: about twenty points per
/// decade of nines, then the maximum. Where a report carries its histograms, the percentile chart
/// draws this instead of joining the six summary points, so a knee in the tail shows where it is.
enum PercentileCurve {
    /// Distance between points on the nines axis.
    static let spacing = 0.05

    static func points(of encoding: HistogramEncoding) -> [(position: Double, milliseconds: Double)] {
        let histogram = encoding.histogram
        guard histogram.count > 0 else { return [] }
        let end = SVGPercentileChart.maximumPosition(count: histogram.count)
        var points = stride(from: 0.0, to: end, by: spacing).map { position in
            (position: position, milliseconds: Double(histogram.micros(atPercentile: 100 * (1 - pow(10, -position)))) / 1000)
        }
        points.append((position: end, milliseconds: Double(histogram.micros(atPercentile: 100)) / 1000))
        return points
    }
}
