/// The units a threshold value may carry, each belonging to one ``ThresholdQuantity``.
///
/// A latency must say its unit: a bare `500` could be milliseconds (k6) or seconds (the plan's
/// timeouts read `5s`), and guessing wrong silently moves the gate by a factor of a thousand.
enum ThresholdUnit: String, CaseIterable {
    case microseconds = "us"
    case milliseconds = "ms"
    case seconds = "s"
    case percent = "%"
    case perSecond = "/s"
    case perMinute = "/m"

    var quantity: ThresholdQuantity {
        switch self {
        case .microseconds, .milliseconds, .seconds: .milliseconds
        case .percent: .fraction
        case .perSecond, .perMinute: .perSecond
        }
    }

    /// `number` in this unit converted to the quantity's normalized unit.
    func normalize(_ number: ThresholdNumber) -> Double {
        switch self {
        case .microseconds: number.value(timesTenToThe: -3)
        case .milliseconds: number.value()
        case .seconds: number.value(timesTenToThe: 3)
        case .percent: number.value(timesTenToThe: -2)
        case .perSecond: number.value()
        case .perMinute: number.value() / 60
        }
    }

    /// Spellings people reach for, mapped to the unit they meant.
    static let aliases: [String: ThresholdUnit] = [
        "sec": .seconds, "secs": .seconds, "second": .seconds, "seconds": .seconds,
        "msec": .milliseconds, "millis": .milliseconds, "milliseconds": .milliseconds,
        "µs": .microseconds, "μs": .microseconds, "usec": .microseconds, "micros": .microseconds,
        "/sec": .perSecond, "/min": .perMinute, "rps": .perSecond,
    ]
}
