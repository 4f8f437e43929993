/// Per-phase durations of one transfer in microseconds, each measured from the start of the transfer
/// as curl reports them (so `connect` includes `dns`, and `total` includes everything).
public struct PhaseTimings: Sendable, Equatable, Codable {
    public var dnsMicros: Int64
    public var connectMicros: Int64
    public var tlsMicros: Int64
    public var firstByteMicros: Int64
    public var totalMicros: Int64
    public init(dnsMicros: Int64 = 0, connectMicros: Int64 = 0, tlsMicros: Int64 = 0, firstByteMicros: Int64 = 0, totalMicros: Int64 = 0) {
        self.dnsMicros = dnsMicros
        self.connectMicros = connectMicros
        self.tlsMicros = tlsMicros
        self.firstByteMicros = firstByteMicros
        self.totalMicros = totalMicros
    }
}
