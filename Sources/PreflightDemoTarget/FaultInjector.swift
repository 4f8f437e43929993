import Synchronization
import PreflightMetrics

/// Decides, request by request, how the demo target misbehaves.
///
/// The knobs and the counters they drive (rate-limit window, stall deadline, request count, arrival
/// log) live behind one lock, so a change made mid-run applies to the very next request.
final class FaultInjector: Sendable {
    /// What to do with a request once it is past any stall.
    struct Verdict {
        var delay: Duration
        var rejection: Rejection?
    }

    enum Rejection: Equatable {
        case rateLimited(retryAfterSeconds: Int)
        case injectedFailure
    }

    /// The most arrival timestamps kept; older ones are dropped first.
    static let arrivalLogCapacity = 2_000_000

    private struct RateWindow {
        var limit: RateLimit
        var index: Int
        var admitted: Int
    }

    private struct State {
        var configuration: DemoTargetConfiguration
        var requestCount = 0
        var manualStallEnd: ContinuousClock.Instant?
        var rateWindow: RateWindow?
        var arrivals = RingBuffer<UInt64>(capacity: FaultInjector.arrivalLogCapacity)
        /// How long each request spent in the server, from arrival to its response, logged with
        /// arrivals: the ground truth a load generator's percentiles are checked against.
        var serverTimes = RingBuffer<Duration>(capacity: FaultInjector.arrivalLogCapacity)
    }

    private let state: Mutex<State>
    /// Stall and rate-limit windows are aligned to this instant.
    private let epoch: ContinuousClock.Instant

    init(configuration: DemoTargetConfiguration, epoch: ContinuousClock.Instant = .now) {
        self.state = Mutex(State(configuration: configuration))
        self.epoch = epoch
    }

    var configuration: DemoTargetConfiguration {
        state.withLock { $0.configuration }
    }

    func update(_ body: (inout DemoTargetConfiguration) -> Void) {
        state.withLock { body(&$0.configuration) }
    }

    /// Freezes the server from now for `duration` (extending, never shortening, a freeze in progress).
    func stall(for duration: Duration, now: ContinuousClock.Instant = .now) {
        let end = now + duration
        state.withLock { state in
            state.manualStallEnd = max(state.manualStallEnd ?? end, end)
        }
    }

    var requestCount: Int {
        state.withLock { $0.requestCount }
    }

    func arrivals() -> [UInt64] {
        state.withLock { $0.arrivals.elements }
    }

    func serverTimes() -> [Duration] {
        state.withLock { $0.serverTimes.elements }
    }

    /// Logs a request's arrival and how long it spent in the server (`DispatchTime` nanoseconds at
    /// the connection, see ``ConnectionClock``), when arrivals are being recorded.
    func recordExchange(arrival: UInt64, departure: UInt64) {
        state.withLock { state in
            guard state.configuration.recordArrivals else { return }
            state.arrivals.append(arrival)
            state.serverTimes.append(.nanoseconds(Int64(departure &- arrival)))
        }
    }

    /// Counts an arriving request; returns the instant it must wait for when a stall is in progress.
    func admit(now: ContinuousClock.Instant = .now) -> ContinuousClock.Instant? {
        state.withLock { state in
            state.requestCount += 1
            let manualEnd = state.manualStallEnd.flatMap { $0 > now ? $0 : nil }
            let periodicEnd = state.configuration.stall.flatMap { periodicStallEnd(of: $0, at: now) }
            switch (manualEnd, periodicEnd) {
            case (let manual?, let periodic?): return max(manual, periodic)
            case (let manual?, nil): return manual
            case (nil, let periodic?): return periodic
            case (nil, nil): return nil
            }
        }
    }

    /// Draws the latency and decides whether the request is rejected; only `/api/*` requests can be.
    func verdict(isAPIRequest: Bool, now: ContinuousClock.Instant = .now) -> Verdict {
        var generator = SystemRandomNumberGenerator()
        return state.withLock { state in
            var verdict = Verdict(delay: state.configuration.latency.sample(using: &generator))
            guard isAPIRequest else { return verdict }
            if let limit = state.configuration.rateLimit, let retryAfter = admitUnderLimit(limit, state: &state, now: now) {
                verdict.rejection = .rateLimited(retryAfterSeconds: retryAfter)
            } else if Double.random(in: 0..<1, using: &generator) < state.configuration.errorRate {
                verdict.rejection = .injectedFailure
            }
            return verdict
        }
    }

    /// When `now` falls inside one of the stall's windows, the instant that window closes.
    private func periodicStallEnd(of stall: Stall, at now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        guard stall.every > .zero, stall.duration > .zero else { return nil }
        let periods = Int(((now - epoch) / stall.every).rounded(.down))
        guard periods >= 1 else { return nil }
        let windowEnd = epoch + stall.every * periods + stall.duration
        return now < windowEnd ? windowEnd : nil
    }

    /// Spends one request of the current window's budget; returns the `Retry-After` seconds when it is exhausted.
    private func admitUnderLimit(_ limit: RateLimit, state: inout State, now: ContinuousClock.Instant) -> Int? {
        guard limit.window > .zero else { return nil }
        let index = Int(((now - epoch) / limit.window).rounded(.down))
        var window = state.rateWindow ?? RateWindow(limit: limit, index: index, admitted: 0)
        if window.limit != limit || window.index != index {
            window = RateWindow(limit: limit, index: index, admitted: 0)
        }
        defer { state.rateWindow = window }
        guard window.admitted >= limit.requests else {
            window.admitted += 1
            return nil
        }
        let windowEnd = epoch + limit.window * (index + 1)
        return max(1, Int((windowEnd - now).seconds.rounded(.up)))
    }
}
