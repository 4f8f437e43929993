@testable import PreflightDemoTarget
import Testing

/// The injector's decisions on a controlled clock, for behaviour too slow or racy to observe over HTTP.
@Suite struct FaultInjectorTests {
    let epoch = ContinuousClock.now

    @Test func periodicStallHoldsRequestsInsideEachWindowOnly() {
        let stall = Stall(every: .seconds(10), duration: .seconds(2))
        let injector = FaultInjector(configuration: .init(stall: stall), epoch: epoch)
        #expect(injector.admit(now: epoch + .seconds(1)) == nil)
        #expect(injector.admit(now: epoch + .seconds(10)) == epoch + .seconds(12))
        #expect(injector.admit(now: epoch + .milliseconds(11_500)) == epoch + .seconds(12))
        #expect(injector.admit(now: epoch + .seconds(12)) == nil)
        #expect(injector.admit(now: epoch + .seconds(15)) == nil)
        #expect(injector.admit(now: epoch + .seconds(31)) == epoch + .seconds(32))
    }

    @Test func manualStallExtendsButNeverShortens() {
        let injector = FaultInjector(configuration: .init(), epoch: epoch)
        injector.stall(for: .seconds(5), now: epoch)
        injector.stall(for: .seconds(1), now: epoch)
        #expect(injector.admit(now: epoch + .seconds(2)) == epoch + .seconds(5))
        #expect(injector.admit(now: epoch + .seconds(5)) == nil)
    }

    @Test func overlappingStallsWaitForTheLaterEnd() {
        let injector = FaultInjector(configuration: .init(stall: Stall(every: .seconds(10), duration: .seconds(3))), epoch: epoch)
        injector.stall(for: .seconds(1), now: epoch + .seconds(10))
        #expect(injector.admit(now: epoch + .seconds(10)) == epoch + .seconds(13))
    }

    @Test func rateLimitWindowsResetAndReportRetryAfter() {
        let limit = RateLimit(requests: 2, window: .seconds(10))
        let injector = FaultInjector(configuration: .init(rateLimit: limit), epoch: epoch)
        #expect(injector.verdict(isAPIRequest: true, now: epoch + .seconds(1)).rejection == nil)
        #expect(injector.verdict(isAPIRequest: true, now: epoch + .seconds(2)).rejection == nil)
        #expect(injector.verdict(isAPIRequest: true, now: epoch + .milliseconds(3_500)).rejection == .rateLimited(retryAfterSeconds: 7))
        #expect(injector.verdict(isAPIRequest: false, now: epoch + .seconds(4)).rejection == nil)
        #expect(injector.verdict(isAPIRequest: true, now: epoch + .seconds(10)).rejection == nil)
    }

    @Test func arrivalsAreLoggedOnlyWhenEnabled() {
        let injector = FaultInjector(configuration: .init(), epoch: epoch)
        injector.recordExchange(arrival: 1, departure: 5)
        injector.update { $0.recordArrivals = true }
        injector.recordExchange(arrival: 2, departure: 10)
        injector.recordExchange(arrival: 3, departure: 1_000_003)
        #expect(injector.arrivals() == [2, 3])
        #expect(injector.serverTimes() == [.nanoseconds(8), .milliseconds(1)])
    }

    @Test func latencySamplesStayInTheirDistribution() {
        var generator = SystemRandomNumberGenerator()
        let uniform = LatencyDistribution.uniform(min: .milliseconds(10), max: .milliseconds(30))
        for _ in 0..<1_000 {
            let sample = uniform.sample(using: &generator)
            #expect(sample >= .milliseconds(10) && sample <= .milliseconds(30))
        }
        let logNormal = LatencyDistribution.logNormal(median: .milliseconds(20), sigma: 0.5)
        let samples = (0..<4_001).map { _ in logNormal.sample(using: &generator) }.sorted()
        #expect(samples[2_000] > .milliseconds(17) && samples[2_000] < .milliseconds(23))
        #expect(samples.allSatisfy { $0 > .zero })
        #expect(LatencyDistribution.none.sample(using: &generator) == .zero)
    }
}
