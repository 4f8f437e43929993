import Dispatch
import Foundation

/// The one clock of the engine, the same one the transport stamps transfers with, so intended
/// start times, send times and completions can be subtracted from each other.
enum MonotonicClock {
    static func nanos() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }

    /// Sleeps until `deadline` on this clock; returns at once when it has passed.
    static func sleep(until deadline: UInt64) {
        let now = nanos()
        guard deadline > now else { return }
        let remaining = deadline - now
        var request = timespec(tv_sec: Int(remaining / 1_000_000_000), tv_nsec: Int(remaining % 1_000_000_000))
        var left = timespec()
        while nanosleep(&request, &left) != 0, errno == EINTR { request = left }
    }
}
