import PreflightMetrics
import XCTest

final class ThresholdEvaluatorTests: XCTestCase {
    /// Fixed observations per metric, the way the engine would answer from its histograms.
    private struct FixedSource: ThresholdMetricSource {
        var values: [ThresholdMetric: Double]
        func observe(_ metric: ThresholdMetric, filters: [ThresholdFilter], aggregation: ThresholdAggregation) -> Double? {
            values[metric]
        }
    }

    /// Answers only for one exact question, to prove the evaluator asks the right one.
    private struct ExpectingSource: ThresholdMetricSource {
        var metric: ThresholdMetric
        var filters: [ThresholdFilter]
        var aggregation: ThresholdAggregation
        var value: Double
        func observe(_ metric: ThresholdMetric, filters: [ThresholdFilter], aggregation: ThresholdAggregation) -> Double? {
            metric == self.metric && filters == self.filters && aggregation == self.aggregation ? value : nil
        }
    }

    func testComparisonsAtTheirBoundaries() throws {
        let table: [(String, ThresholdMetric, Double, Bool)] = [
            ("http_req_duration p95 < 500ms", .httpReqDuration, 499.999, true),
            ("http_req_duration p95 < 500ms", .httpReqDuration, 500, false),
            ("http_req_duration p95 <= 500ms", .httpReqDuration, 500, true),
            ("http_req_duration p95 <= 500ms", .httpReqDuration, 500.001, false),
            ("http_req_duration p95 < 0.5s", .httpReqDuration, 500, false),
            ("http_req_duration p95 < 0.5s", .httpReqDuration, 499.9, true),
            ("http_req_duration p95 <= 1.1s", .httpReqDuration, 1100, true),
            ("http_req_ttfb max < 250us", .httpReqTTFB, 0.25, false),
            ("http_req_ttfb max < 250us", .httpReqTTFB, 0.249, true),
            ("errors rate < 1%", .errors, 0.01, false),
            ("errors rate < 1%", .errors, 0.0099, true),
            ("errors rate <= 1%", .errors, 0.01, true),
            ("errors rate < 0.01", .errors, 0.01, false),
            ("checks rate >= 99.9%", .checks, 0.999, true),
            ("checks rate >= 99.9%", .checks, 0.9989, false),
            ("requests rate >= 12000/m", .requests, 200, true),
            ("requests rate >= 12000/m", .requests, 199.99, false),
            ("requests rate > 200/s", .requests, 200, false),
            ("dropped_iterations count == 0", .droppedIterations, 0, true),
            ("dropped_iterations count == 0", .droppedIterations, 1, false),
            ("errors count != 0", .errors, 0, false),
            ("errors count != 0", .errors, 3, true),
        ]
        for (expression, metric, observed, passes) in table {
            let threshold = try ThresholdParser.parse(expression).get()
            let outcome = ThresholdEvaluator.evaluate(threshold, source: FixedSource(values: [metric: observed]))
            XCTAssertEqual(outcome.passed, passes, "\(expression) observing \(observed)")
            XCTAssertEqual(outcome.observed, observed, expression)
        }
    }

    func testTheSourceIsAskedForTheThresholdsMetricSelectionAndAggregation() throws {
        let threshold = try ThresholdParser.parse("http_req_duration{flow:checkout, status:2xx} p(99.9) < 1s").get()
        let source = ExpectingSource(
            metric: .httpReqDuration, filters: [.flow("checkout"), .status(.statusClass(2))],
            aggregation: .percentile(99.9), value: 999)
        XCTAssertTrue(ThresholdEvaluator.evaluate(threshold, source: source).passed)
    }

    func testSummarySentences() throws {
        let table: [(String, ThresholdMetric, Double, String)] = [
            ("http_req_duration p95 < 500ms", .httpReqDuration, 612, "http_req_duration p95 < 500ms: observed 612 ms — failed"),
            ("  http_req_dns p99 < 1ms ", .httpReqDNS, 0.0423, "http_req_dns p99 < 1ms: observed 0.042 ms — passed"),
            ("errors rate < 1%", .errors, 0.0125, "errors rate < 1%: observed 1.25% — failed"),
            ("requests rate >= 200/s", .requests, 213.44, "requests rate >= 200/s: observed 213.4/s — passed"),
            ("errors count < 10", .errors, 3, "errors count < 10: observed 3 — passed"),
        ]
        for (expression, metric, observed, sentence) in table {
            let threshold = try ThresholdParser.parse(expression).get()
            XCTAssertEqual(ThresholdEvaluator.evaluate(threshold, source: FixedSource(values: [metric: observed])).summary, sentence)
        }
    }

    func testNoDataFailsWithAReasonInsteadOfPassing() throws {
        let table: [(String, String)] = [
            ("errors{flow:checkout, step:\"pay, now\"} count < 10",
             #"errors{flow:checkout, step:"pay, now"} count < 10: no requests matched {flow:checkout, step:"pay, now"} — failed"#),
            ("flow_duration p95 < 2s", "flow_duration p95 < 2s: no flow iterations were recorded — failed"),
            ("checks rate > 99%", "checks rate > 99%: no checks were recorded — failed"),
        ]
        for (expression, sentence) in table {
            let threshold = try ThresholdParser.parse(expression).get()
            let outcome = ThresholdEvaluator.evaluate(threshold, source: FixedSource(values: [:]))
            XCTAssertFalse(outcome.passed, expression)
            XCTAssertNil(outcome.observed, expression)
            XCTAssertEqual(outcome.summary, sentence)
        }
    }

    func testAnObservationThatIsNotANumberFailsEvenForNotEqual() throws {
        let threshold = try ThresholdParser.parse("errors count != 5").get()
        let outcome = ThresholdEvaluator.evaluate(threshold, source: FixedSource(values: [.errors: .nan]))
        XCTAssertFalse(outcome.passed)
        XCTAssertEqual(outcome.summary, "errors count != 5: observed nan, which cannot be compared — failed")
    }

    func testTheWindowIsReportedForTheCallerToApply() throws {
        let threshold = try ThresholdParser.parse("errors rate < 1% over 30s").get()
        let outcome = ThresholdEvaluator.evaluate(threshold, source: FixedSource(values: [.errors: 0]))
        XCTAssertEqual(outcome.threshold.window, .seconds(30))
        XCTAssertTrue(outcome.passed)
    }
}
