/// Reads the human durations Preflight accepts everywhere (plans, threshold windows, command-line
/// options, the demo target's knobs): `250us`, `500ms`, `2s`, `1.5s`, `1m30s`, `1h`, `14d`.
///
/// One grammar for all of them, so a value that works in one place works in every other. A unit
/// is always required: a bare `5` could mean seconds or milliseconds, and guessing
/// wrong silently turns a 5 s timeout into 5 ms.
public enum DurationParser {
    /// The duration `text` spells, or nil when it is not a valid duration.
    ///
    /// Components run from the largest unit to the smallest, each unit at most once
    /// (`1h30m`, `1m30s`), and any component may have a fraction (`1.5s`).
    public static func parse(_ text: String) -> Duration? {
        var scalars = Substring(text).unicodeScalars
        var totalNanoseconds: Int64 = 0
        var previousUnit: Unit?
        repeat {
            guard let (whole, fraction) = number(from: &scalars),
                  let unit = unit(from: &scalars),
                  previousUnit.map({ unit.nanoseconds < $0.nanoseconds }) ?? true
            else { return nil }
            previousUnit = unit
            let (wholeNanos, wholeOverflow) = whole.multipliedReportingOverflow(by: unit.nanoseconds)
            let fractionNanos = Int64((fraction * Double(unit.nanoseconds)).rounded())
            let (sum, sumOverflow) = totalNanoseconds.addingReportingOverflow(wholeNanos)
            guard !wholeOverflow, !sumOverflow else { return nil }
            let (total, totalOverflow) = sum.addingReportingOverflow(fractionNanos)
            guard !totalOverflow else { return nil }
            totalNanoseconds = total
        } while !scalars.isEmpty
        return .nanoseconds(totalNanoseconds)
    }

    private enum Unit: String {
        case days = "d", hours = "h", minutes = "m", seconds = "s", milliseconds = "ms", microseconds = "us"

        var nanoseconds: Int64 {
            switch self {
            case .days: 86_400_000_000_000
            case .hours: 3_600_000_000_000
            case .minutes: 60_000_000_000
            case .seconds: 1_000_000_000
            case .milliseconds: 1_000_000
            case .microseconds: 1_000
            }
        }
    }

    /// Digits with an optional fraction, split into the whole part and the fraction as a value below one.
    private static func number(from scalars: inout Substring.UnicodeScalarView) -> (Int64, Double)? {
        let wholeDigits = scalars.prefix(while: isDigit)
        guard !wholeDigits.isEmpty, let whole = Int64(String(String.UnicodeScalarView(wholeDigits))) else { return nil }
        scalars = scalars.dropFirst(wholeDigits.count)
        guard scalars.first == "." else { return (whole, 0) }
        let fractionDigits = scalars.dropFirst().prefix(while: isDigit)
        guard !fractionDigits.isEmpty,
              let fraction = Double("0." + String(String.UnicodeScalarView(fractionDigits)))
        else { return nil }
        scalars = scalars.dropFirst(1 + fractionDigits.count)
        return (whole, fraction)
    }

    private static func unit(from scalars: inout Substring.UnicodeScalarView) -> Unit? {
        let letters = scalars.prefix(while: { $0.properties.isAlphabetic })
        scalars = scalars.dropFirst(letters.count)
        return Unit(rawValue: String(String.UnicodeScalarView(letters)))
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number, for rate and window arithmetic.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// Whole microseconds, the unit every timing in Preflight is recorded in.
    public var microseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}
