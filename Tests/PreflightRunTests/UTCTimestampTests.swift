import Foundation
@testable import PreflightRun
import XCTest

/// The ICU-free timestamps must read exactly as the formatters they replaced, or report names,
/// report times and stream lines would change under their readers.
final class UTCTimestampTests: XCTestCase {
    private func formatters() -> (rfc3339: ISO8601DateFormatter, compact: DateFormatter) {
        let rfc3339 = ISO8601DateFormatter()
        rfc3339.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let compact = DateFormatter()
        compact.locale = Locale(identifier: "en_US_POSIX")
        compact.timeZone = TimeZone(identifier: "UTC")
        compact.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        return (rfc3339, compact)
    }

    func testMatchesTheFormattersAcrossYearsAndAtMillisecondEdges() {
        let (rfc3339, compact) = formatters()
        // About 2,000 instants from 1589 to 2100, an odd step apart so their milliseconds vary.
        var instants: [Double] = [0, 951_782_400, 1_796_079_297.9995, 1_796_079_297.9994, 1_796_079_297.0005, -1.5, 253_402_300_799.999]
        instants += stride(from: -12_000_000_000.0, through: 4_102_444_800, by: 8_051_234.567)
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            XCTAssertEqual(UTCTimestamp.rfc3339(date), rfc3339.string(from: date), "\(seconds)")
            XCTAssertEqual(UTCTimestamp.compact(date), compact.string(from: date), "\(seconds)")
            XCTAssertEqual(UTCTimestamp.rfc3339Seconds(date), Date.ISO8601FormatStyle().format(date), "\(seconds)")
        }
    }

    func testSpellsAKnownInstant() {
        let date = Date(timeIntervalSince1970: 1_796_079_297.966)
        XCTAssertEqual(UTCTimestamp.rfc3339(date), "2026-11-30T22:54:57.966Z")
        XCTAssertEqual(UTCTimestamp.compact(date), "20261130T225457.966Z")
        XCTAssertEqual(UTCTimestamp.rfc3339Seconds(date), "2026-11-30T22:54:57Z")
    }
}
