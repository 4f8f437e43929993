import Dispatch

/// The one clock of the engine, the same one the transport stamps transfers with, so intended
/// start times, send times and completions can be subtracted from each other.
enum MonotonicClock {
    static func nanos() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }
}
