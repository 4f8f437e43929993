import PreflightDemoTarget
import Testing

@Suite struct KnobParsingTests {
    @Test(arguments: [
        ("250us", Duration.microseconds(250)),
        ("20ms", .milliseconds(20)),
        ("1.5s", .milliseconds(1_500)),
        ("15m", .seconds(900)),
        ("1h", .seconds(3_600)),
        ("1m30s", .seconds(90)),
        (" 0s ", .zero),
    ])
    func durations(text: String, expected: Duration) throws {
        #expect(try DemoTargetParseError.duration(text) == expected)
    }

    @Test(arguments: ["", "20", "ms", "20 parsecs", "1.2.3s", "-5ms", "1e3ms", "fast"])
    func malformedDurations(text: String) {
        #expect(throws: DemoTargetParseError.self) { try DemoTargetParseError.duration(text) }
    }

    @Test func latencySpellings() throws {
        #expect(try LatencyDistribution(parsing: "none") == LatencyDistribution.none)
        #expect(try LatencyDistribution(parsing: "20ms") == .fixed(.milliseconds(20)))
        #expect(try LatencyDistribution(parsing: "fixed:20ms") == .fixed(.milliseconds(20)))
        #expect(try LatencyDistribution(parsing: "uniform:10ms..30ms") == .uniform(min: .milliseconds(10), max: .milliseconds(30)))
        #expect(try LatencyDistribution(parsing: "lognormal:20ms,0.5") == .logNormal(median: .milliseconds(20), sigma: 0.5))
        #expect(try LatencyDistribution(parsing: "LogNormal:1s, 1") == .logNormal(median: .seconds(1), sigma: 1))
    }

    @Test(arguments: [
        "gaussian:20ms", "fixed:", "uniform:30ms..10ms", "uniform:10ms", "uniform:10ms-30ms",
        "lognormal:20ms", "lognormal:20ms,-1", "lognormal:20ms,abc", "twenty",
    ])
    func malformedLatencies(text: String) throws {
        let error = try #require(throws: DemoTargetParseError.self) { try LatencyDistribution(parsing: text) }
        #expect(error.description.contains(text))
    }

    @Test func rateLimits() throws {
        #expect(try RateLimit(parsing: "100/1s") == RateLimit(requests: 100, window: .seconds(1)))
        #expect(try RateLimit(parsing: "100/15m") == RateLimit(requests: 100, window: .seconds(900)))
        for text in ["100", "0/1s", "-1/1s", "100/0s", "x/1s", "100/soon"] {
            #expect(throws: DemoTargetParseError.self) { try RateLimit(parsing: text) }
        }
    }

    @Test func configurationDefaultsAreAllOff() {
        let configuration = DemoTargetConfiguration()
        #expect(configuration.latency == .none)
        #expect(configuration.errorRate == 0)
        #expect(configuration.rateLimit == nil)
        #expect(configuration.stall == nil)
        #expect(!configuration.unhealthy)
        #expect(!configuration.recordArrivals)
    }
}
