@testable import PreflightMetrics
@testable import PreflightReports
import XCTest

/// The arithmetic behind the charts: round ticks, the nines axis and the phase segments.
final class ChartGeometryTests: XCTestCase {
    func testLinearTicksAreRoundAndCoverTheMaximum() {
        let ticks = ChartTicks.linear(upTo: 5003)
        XCTAssertEqual(ticks.values, [0, 2000, 4000, 6000])
        XCTAssertEqual(ticks.labels.last, "6000")
        XCTAssertEqual(ChartTicks.linear(upTo: 0.76).labels, ["0.0", "0.2", "0.4", "0.6", "0.8"])
        XCTAssertEqual(ChartTicks.linear(upTo: 9.5, count: 4).labels, ["0.0", "2.5", "5.0", "7.5", "10.0"])
        XCTAssertEqual(ChartTicks.linear(upTo: 212).labels, ["0", "50", "100", "150", "200", "250"])
        XCTAssertEqual(ChartTicks.linear(upTo: 0).values.last, 1, "an all-zero chart still has an axis")
    }

    func testElapsedTicksReadLikeAClock() {
        XCTAssertEqual(ChartTicks.elapsed(upTo: 30).labels, ["0s", "5s", "10s", "15s", "20s", "25s", "30s"])
        XCTAssertEqual(ChartTicks.elapsed(upTo: 3600).labels, ["0:00", "10:00", "20:00", "30:00", "40:00", "50:00", "1:00:00"])
    }

    func testPercentilesSitOnTheNinesAxis() {
        XCTAssertEqual(SVGPercentileChart.nines(percentile: 90), 1, accuracy: 1e-9)
        XCTAssertEqual(SVGPercentileChart.nines(percentile: 99), 2, accuracy: 1e-9)
        XCTAssertEqual(SVGPercentileChart.maximumPosition(count: 10_000), 4, accuracy: 1e-9)
        XCTAssertEqual(SVGPercentileChart.maximumPosition(count: 5), 2, "few samples: the max never sits left of p99")
        XCTAssertEqual((0...4).map(SVGPercentileChart.percentileLabel), ["0%", "90%", "99%", "99.9%", "99.99%"])
    }

    func testPercentileCurveRunsFromTheMinimumToTheMaximum() throws {
        var histogram = LatencyHistogram()
        for micros in 1...1000 { histogram.record(micros: Int64(micros) * 1000) }
        let points = PercentileCurve.points(of: HistogramEncoding(histogram))
        let first = try XCTUnwrap(points.first)
        let last = try XCTUnwrap(points.last)
        XCTAssertEqual(first.position, 0)
        XCTAssertEqual(first.milliseconds, 1, accuracy: 0.01)
        XCTAssertEqual(last.position, 3, accuracy: 1e-9, "1000 samples: the max sits at 99.9%")
        XCTAssertEqual(last.milliseconds, 1000, accuracy: 1)
        let p90 = try XCTUnwrap(points.first { abs($0.position - 1) < 1e-9 })
        XCTAssertEqual(p90.milliseconds, 900, accuracy: 1)
        XCTAssertEqual(points.map(\.milliseconds), points.map(\.milliseconds).sorted(), "latency never falls as the percentile rises")
    }

    func testLegendWrapsRowsAndShortensLongNames() {
        let categories = ["dns_failure", "connection_refused", "connection_reset", "timeout", "tls_error", "transport_error", "http_4xx", "http_429", "http_5xx"]
        let legend = SVGLegend(categories.map { SVGLegend.Item(name: $0, color: "#000") }, from: 64, to: 632)
        XCTAssertEqual(legend.rows, 2)
        XCTAssertTrue(categories.allSatisfy { legend.markup.contains(">\($0)</text>") })
        let long = SVGLegend([SVGLegend.Item(name: String(repeating: "x", count: 40), color: "#000")], from: 64, to: 632)
        XCTAssertTrue(long.markup.contains(String(repeating: "x", count: 25) + "…</text>"))
        XCTAssertTrue(long.markup.contains("<title>" + String(repeating: "x", count: 40) + "</title>"), "the full name is the tooltip")
    }

    func testPhaseSegmentsAreDifferencesOfCumulativeMedians() {
        func summary(_ p50: Double, count: UInt64 = 10) -> LatencySummary { LatencySummary(count: count, p50Ms: p50) }
        var step = StepReport(
            name: "s", requests: 10, skipped: 0, results: ["ok": 10], latency: summary(50),
            phases: PhaseSummaries(dns: summary(2), connect: summary(5), tls: summary(15), firstByte: summary(40)), failureSamples: []
        )
        XCTAssertEqual(PhaseBreakdown(step: step).segments, [2, 3, 10, 25, 10])
        // Three handshakes in ten requests: the typical request reused a connection.
        step.phases.tls = summary(15, count: 3)
        XCTAssertEqual(PhaseBreakdown(step: step).segments, [2, 3, 0, 35, 10])
        // Medians need not be ordered; a segment is never negative.
        step.phases.firstByte = summary(60)
        XCTAssertEqual(PhaseBreakdown(step: step).segments, [2, 3, 0, 55, 0])
        XCTAssertEqual(PhaseBreakdown(step: step).total, 60)
    }

    func testThresholdObservationsUseTheExpressionsUnit() {
        func text(_ expression: String, _ observed: Double?) -> String {
            ThresholdObservationText.text(for: ThresholdResult(expression: expression, observed: observed, passed: true, summary: "", abortOnFail: false))
        }
        XCTAssertEqual(text("http_req_duration p95 < 500ms", 612.04), "612 ms")
        XCTAssertEqual(text("errors rate < 1%", 0.0025), "0.25%")
        XCTAssertEqual(text("requests rate >= 50/s", 85.12), "85.1/s")
        XCTAssertEqual(text("dropped_iterations count == 0", 3), "3")
        XCTAssertEqual(text("errors rate < 1%", nil), "no data")
    }
}
