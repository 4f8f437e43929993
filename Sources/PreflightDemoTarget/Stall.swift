/// A periodic freeze of the whole server, like a stop-the-world GC pause or a failover.
///
/// Every `every` since the server started, a window of `duration` opens; requests arriving inside it
/// are held until it closes. Tests use it to see how a load generator copes with sudden queueing.
public struct Stall: Sendable, Equatable {
    public var every: Duration
    public var duration: Duration

    public init(every: Duration, duration: Duration) {
        self.every = every
        self.duration = duration
    }
}
