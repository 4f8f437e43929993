import PreflightMetrics
import XCTest

final class ThresholdParserTests: XCTestCase {
    private struct Expected {
        var metric: ThresholdMetric
        var selector: [ThresholdFilter]
        var aggregation: ThresholdAggregation
        var comparator: ThresholdComparator
        var value: Double
        var quantity: ThresholdQuantity
        var window: Duration?

        init(
            _ metric: ThresholdMetric, _ aggregation: ThresholdAggregation, _ comparator: ThresholdComparator,
            _ value: Double, _ quantity: ThresholdQuantity, selecting selector: [ThresholdFilter] = [],
            over window: Duration? = nil
        ) {
            (self.metric, self.selector, self.aggregation) = (metric, selector, aggregation)
            (self.comparator, self.value, self.quantity, self.window) = (comparator, value, quantity, window)
        }
    }

    func testValidExpressionsParseToTheirMeaning() throws {
        let table: [(String, Expected)] = [
            ("http_req_duration p95 < 500ms", Expected(.httpReqDuration, .percentile(95), .less, 500, .milliseconds)),
            ("http_req_duration p(99.9)<=1.5s",
             Expected(.httpReqDuration, .percentile(99.9), .lessOrEqual, 1500, .milliseconds)),
            ("http_req_service_duration p99.9 > 250us",
             Expected(.httpReqServiceDuration, .percentile(99.9), .greater, 0.25, .milliseconds)),
            ("  flow_duration{flow:checkout} avg >= 2s  ",
             Expected(.flowDuration, .avg, .greaterOrEqual, 2000, .milliseconds, selecting: [.flow("checkout")])),
            ("http_req_dns max == 10ms", Expected(.httpReqDNS, .max, .equal, 10, .milliseconds)),
            ("http_req_connect min != 0ms", Expected(.httpReqConnect, .min, .notEqual, 0, .milliseconds)),
            ("http_req_tls p( 100 ) < 1s", Expected(.httpReqTLS, .percentile(100), .less, 1000, .milliseconds)),
            ("http_req_ttfb p50 < 80ms", Expected(.httpReqTTFB, .percentile(50), .less, 80, .milliseconds)),
            ("errors rate < 1%", Expected(.errors, .rate, .less, 0.01, .fraction)),
            ("errors rate < 0.01", Expected(.errors, .rate, .less, 0.01, .fraction)),
            ("errors count <= 10", Expected(.errors, .count, .lessOrEqual, 10, .count)),
            ("checks rate > 99.5%", Expected(.checks, .rate, .greater, 0.995, .fraction)),
            ("requests rate >= 200/s", Expected(.requests, .rate, .greaterOrEqual, 200, .perSecond)),
            ("requests rate >= 12000/m", Expected(.requests, .rate, .greaterOrEqual, 200, .perSecond)),
            ("dropped_iterations count == 0", Expected(.droppedIterations, .count, .equal, 0, .count)),
            ("dropped_iterations{flow:sync} rate < 1/s",
             Expected(.droppedIterations, .rate, .less, 1, .perSecond, selecting: [.flow("sync")])),
            ("http_req_duration p95 < 500ms over 30s",
             Expected(.httpReqDuration, .percentile(95), .less, 500, .milliseconds, over: .seconds(30))),
            ("errors rate < 5% over 5m", Expected(.errors, .rate, .less, 0.05, .fraction, over: .seconds(300))),
            ("requests count > 0 over 1h", Expected(.requests, .count, .greater, 0, .count, over: .seconds(3600))),
            (#"http_req_duration{ flow: checkout , step:"pay, then {confirm}", target:payments, status:5xx } p99 < 1s"#,
             Expected(
                .httpReqDuration, .percentile(99), .less, 1000, .milliseconds,
                selecting: [.flow("checkout"), .step("pay, then {confirm}"), .target("payments"), .status(.statusClass(5))])),
            ("errors{step:create order, status:429, category:http_429} count < 3",
             Expected(
                .errors, .count, .less, 3, .count,
                selecting: [.step("create order"), .status(.code(429)), .category(.rateLimited)])),
            (#"checks{step:"say \"hi\""} rate == 100%"#,
             Expected(.checks, .rate, .equal, 1, .fraction, selecting: [.step(#"say "hi""#)])),
            ("requests{step:checkout/pay} rate > 1/m",
             Expected(.requests, .rate, .greater, 1.0 / 60, .perSecond, selecting: [.step("checkout/pay")])),
        ]
        for (expression, expected) in table {
            let threshold = try ThresholdParser.parse(expression).get()
            XCTAssertEqual(threshold.metric, expected.metric, expression)
            XCTAssertEqual(threshold.selector, expected.selector, expression)
            XCTAssertEqual(threshold.aggregation, expected.aggregation, expression)
            XCTAssertEqual(threshold.comparator, expected.comparator, expression)
            XCTAssertEqual(threshold.value, expected.value, expression)
            XCTAssertEqual(threshold.quantity, expected.quantity, expression)
            XCTAssertEqual(threshold.window, expected.window, expression)
            XCTAssertEqual(threshold.source, expression)
        }
    }

    func testUnitsNormalizeExactlySoEquivalentSpellingsMakeEqualLimits() throws {
        let equivalents = [
            ("http_req_duration p95 < 0.5s", "http_req_duration p95 < 500ms"),
            ("http_req_duration p95 < 1.1s", "http_req_duration p95 < 1100ms"),
            ("http_req_duration p95 < 500us", "http_req_duration p95 < 0.5ms"),
            ("errors rate < 1%", "errors rate < 0.01"),
            ("errors rate < 0.1%", "errors rate < 0.001"),
            ("requests rate > 12000/m", "requests rate > 200/s"),
        ]
        for (written, normalized) in equivalents {
            let left = try ThresholdParser.parse(written).get()
            let right = try ThresholdParser.parse(normalized).get()
            XCTAssertEqual(left.value, right.value, "\(written) vs \(normalized)")
        }
    }

    func testInvalidExpressionsReportTheProblemAtItsOffset() {
        let table: [(String, String, Int)] = [
            ("", "empty threshold", 0),
            ("http_req_duraton p95 < 500ms", "unknown metric 'http_req_duraton'", 0),
            ("http_req_duration{flw:checkout} p95 < 500ms", "unknown selector key 'flw'", 18),
            ("errors p95 < 1%", "'p95' does not apply to errors", 7),
            ("http_req_duration rate > 10/s", "'rate' does not apply to http_req_duration", 18),
            ("errors rate < 500ms", "'ms' is not a unit for errors rate", 17),
            ("requests count < 5/s", "'/s' is not a unit for requests count", 18),
            ("http_req_duration p95 < 500", "http_req_duration p95 needs a unit", 27),
            ("requests rate > 200", "requests rate needs a unit", 19),
            ("http_req_duration p95 < 500sec", "unknown unit 'sec'", 27),
            ("http_req_duration p95 < 1e3ms", "unknown unit 'e3ms'", 25),
            ("http_req_duration p95 < 500 ms", "write the unit right after the number: '500ms'", 27),
            ("http_req_duration p95 < 1..5s", "malformed number '1..5'", 24),
            ("http_req_duration p95 < .5s", "malformed number '.5'", 24),
            ("http_req_duration p95 < -1ms", "expected a number, found '-1ms'", 24),
            ("http_req_duration p0 < 1s", "percentile 0 is outside (0, 100]", 19),
            ("http_req_duration p(100.5) < 1s", "percentile 100.5 is outside (0, 100]", 20),
            ("http_req_duration p(9.9.9) < 1s", "malformed percentile '9.9.9'", 20),
            ("http_req_duration p(95 < 1s", "expected ')' to close 'p(', found '<'", 23),
            ("http_req_duration mean < 1s", "unknown aggregation 'mean'", 18),
            ("http_req_duration < 1s", "expected an aggregation such as p95, avg, rate or count, found '<'", 18),
            ("http_req_duration p95 =< 1s", "unknown comparator '=<'", 22),
            ("http_req_duration p95 500ms", "expected a comparator (< <= > >= == !=), found '500ms'", 22),
            ("http_req_duration p95", "expected a comparator: <, <=, >, >=, == or !=, found the end of the expression", 21),
            ("http_req_duration", "expected an aggregation such as p95, avg, rate or count, found the end of the expression", 17),
            ("http_req_duration p95 <", "expected a value such as 500ms, 1% or 200/s, found the end of the expression", 23),
            ("errors rate < 5", "a fraction must be between 0 and 1", 14),
            ("errors rate < 150%", "a percentage must be between 0% and 100%", 14),
            ("errors count < 2.5", "a count is a whole number", 15),
            ("http_req_duration p95 < 1s over 0s", "a window must be longer than zero", 32),
            ("http_req_duration p95 < 1s over 1.5s", "bad window '1.5s'", 32),
            ("http_req_duration p95 < 1s over 500ms", "bad window '500ms'", 32),
            ("http_req_duration p95 < 1s over", "expected a duration after 'over', such as 30s", 31),
            ("http_req_duration p95 < 1s for 30s", "unexpected 'for'", 27),
            ("http_req_duration p95 < 1s over 30s now", "unexpected 'now'", 36),
            ("http_req_duration{} p95 < 1s", "empty selector", 17),
            ("http_req_duration{flow:a, } p95 < 1s", "expected a filter after ','", 24),
            ("http_req_duration{,} p95 < 1s", "expected a filter such as flow:checkout, found ',}'", 18),
            ("http_req_duration{flow:a p95 < 1s", "selector is never closed", 17),
            (#"http_req_duration{step:"pay} p95 < 1s"#, "unclosed quote", 23),
            ("http_req_duration{flow checkout} p95 < 1s", "expected ':' after 'flow', found 'checkout}'", 23),
            ("http_req_duration{flow:a, flow:b} p95 < 1s", "'flow' appears twice in the selector", 26),
            ("http_req_duration{status:2x} p95 < 1s", "'2x' is not a status", 25),
            ("http_req_duration{status:600} p95 < 1s", "'600' is not a status", 25),
            ("errors{category:timeot} count < 1", "unknown result category 'timeot'", 16),
            ("errors{category:ok} count < 1", "errors never have category 'ok'", 16),
            ("flow_duration{step:pay} p95 < 1s", "flow_duration cannot be selected by step", 14),
            ("http_req_duration{flow:} p95 < 1s", "empty value for 'flow'", 23),
        ]
        for (expression, message, offset) in table {
            let errors = Self.errors(ThresholdParser.parse(expression))
            XCTAssertEqual(errors.map(\.message), [message], expression)
            XCTAssertEqual(errors.map(\.offset), [offset], expression)
        }
    }

    func testHintsNameWhatWasMeant() {
        let table: [(String, String)] = [
            ("http_req_duraton p95 < 500ms", "did you mean 'http_req_duration'?"),
            ("http_req_failed rate < 1%", "that is k6's name; Preflight calls it 'errors'"),
            ("http_req_duration{flw:checkout} p95 < 500ms", "did you mean 'flow'?"),
            ("errors p95 < 1%", "errors is counted, not timed: use 'rate' (the failed fraction of requests) or 'count'"),
            ("errors rate < 500ms", "errors rate is a fraction of all requests: write a percentage such as '1%' or a fraction such as '0.01'"),
            ("http_req_duration p95 < 500", "http_req_duration p95 is a latency: give it a unit, us, ms or s, as in '500ms'"),
            ("http_req_duration p95 < 500sec", "did you mean '500s'?"),
            ("http_req_duration mean < 1s", "did you mean 'avg'?"),
            ("http_req_duration p95 =< 1s", "did you mean '<='?"),
            ("errors rate < 5", "for a percentage write '5%'"),
            ("errors{category:timeot} count < 1", "did you mean 'timeout'?"),
        ]
        for (expression, hint) in table {
            XCTAssertEqual(Self.errors(ThresholdParser.parse(expression)).first?.hint, hint, expression)
        }
    }

    func testEveryProblemInAnExpressionIsReportedAtOnce() {
        let errors = Self.errors(ThresholdParser.parse("http_req_duration{flw:x, status:7xx} p95 = 500 over 0s"))
        XCTAssertEqual(errors.map(\.message), [
            "unknown selector key 'flw'",
            "'7xx' is not a status",
            "unknown comparator '='",
            "http_req_duration p95 needs a unit",
            "a window must be longer than zero",
        ])
        XCTAssertEqual(errors.map(\.offset), [18, 32, 41, 46, 52])
    }

    func testAnInvalidAggregationSkipsOnlyTheChecksThatDependOnIt() {
        let errors = Self.errors(ThresholdParser.parse("errors p95 < 500ms over 0s"))
        XCTAssertEqual(errors.map(\.message), ["'p95' does not apply to errors", "a window must be longer than zero"])
    }

    func testAnUnknownMetricDoesNotHideLaterProblems() {
        let errors = Self.errors(ThresholdParser.parse("http_req_duraton p95 < 500ms and more"))
        XCTAssertEqual(errors.map(\.message), ["unknown metric 'http_req_duraton'", "unexpected 'and'"])
    }

    func testOffsetsCountUnicodeScalars() {
        let errors = Self.errors(ThresholdParser.parse(#"http_req_duration{step:"café ☕️"} p95 < 1s junk"#))
        XCTAssertEqual(errors.map(\.message), ["unexpected 'junk'"])
        XCTAssertEqual(errors.map(\.offset), [43])
    }

    private static func errors(_ result: Result<Threshold, ThresholdParseErrors>) -> [ThresholdError] {
        switch result {
        case .success: []
        case .failure(let failure): failure.errors
        }
    }
}
