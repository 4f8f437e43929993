import Foundation

/// UTC instants as reports and generated report names spell them, formatted with the C library's
/// `gmtime_r` instead of `ISO8601DateFormatter`, `DateFormatter` or `JSONEncoder`'s `.iso8601`.
/// Those go through ICU (date formats, calendars, time zones), and with them every run touched
/// ICU's code and locale data, megabytes of resident memory (benchmarks/README.md, "Memory").
///
/// The same text as the formatters they replace: to the nearest millisecond, halves up, as
/// CoreFoundation hands ICU `seconds * 1000 + 0.5`; the proleptic Gregorian calendar only from 1583
/// (ICU switches to the Julian calendar before the 1582 reform, so earlier years use the formatters).
enum UTCTimestamp {
    /// RFC 3339 in UTC with milliseconds, `2026-11-30T21:14:57.966Z`, as the reports write instants.
    static func rfc3339(_ date: Date) -> String {
        guard let utc = Fields(date) else { return fallbackRFC3339(date) }
        return "\(pad(utc.year, 4))-\(pad(utc.month, 2))-\(pad(utc.day, 2))T"
            + "\(pad(utc.hour, 2)):\(pad(utc.minute, 2)):\(pad(utc.second, 2)).\(pad(utc.millisecond, 3))Z"
    }

    /// RFC 3339 in UTC to the second, truncated, `2026-11-30T21:14:57Z`: as `JSONEncoder`'s `.iso8601`
    /// date strategy writes it, without the Calendar and TimeZone (ICU-backed) it goes through.
    static func rfc3339Seconds(_ date: Date) -> String {
        guard let utc = Fields(date, rounding: false) else { return fallbackRFC3339Seconds(date) }
        return "\(pad(utc.year, 4))-\(pad(utc.month, 2))-\(pad(utc.day, 2))T"
            + "\(pad(utc.hour, 2)):\(pad(utc.minute, 2)):\(pad(utc.second, 2))Z"
    }

    /// `20261130T211457.966Z`: the instant in generated report file names.
    static func compact(_ date: Date) -> String {
        guard let utc = Fields(date) else { return fallbackCompact(date) }
        return "\(pad(utc.year, 4))\(pad(utc.month, 2))\(pad(utc.day, 2))T"
            + "\(pad(utc.hour, 2))\(pad(utc.minute, 2))\(pad(utc.second, 2)).\(pad(utc.millisecond, 3))Z"
    }

    private struct Fields {
        var year, month, day, hour, minute, second, millisecond: Int

        /// `rounding`: to the nearest millisecond, as CoreFoundation's formatters do; otherwise
        /// truncated. Nil outside the years 1583 to 9999 (Gregorian, four digits).
        init?(_ date: Date, rounding: Bool = true) {
            let milliseconds = (date.timeIntervalSince1970 * 1000 + (rounding ? 0.5 : 0)).rounded(.down)
            guard milliseconds.isFinite, abs(milliseconds) < 1e17 else { return nil }
            let total = Int64(milliseconds)
            var seconds = total / 1000
            var rest = total % 1000
            if rest < 0 {
                rest += 1000
                seconds -= 1
            }
            var time = time_t(seconds)
            var broken = tm()
            guard gmtime_r(&time, &broken) != nil else { return nil }
            year = Int(broken.tm_year) + 1900
            month = Int(broken.tm_mon) + 1
            day = Int(broken.tm_mday)
            hour = Int(broken.tm_hour)
            minute = Int(broken.tm_min)
            second = Int(broken.tm_sec)
            millisecond = Int(rest)
            guard (1583...9999).contains(year) else { return nil }
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    // Years before 1583 or past 9999 only: the formatters used before, whatever they make of such a date.
    private static func fallbackRFC3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private static func fallbackRFC3339Seconds(_ date: Date) -> String {
        Date.ISO8601FormatStyle().format(date)
    }

    private static func fallbackCompact(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return formatter.string(from: date)
    }
}
