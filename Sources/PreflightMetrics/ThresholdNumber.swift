/// A decimal literal exactly as written, `digits ["." digits]`.
///
/// Unit conversions move the decimal point in the text instead of multiplying binary floating
/// point, so `1.1s` becomes exactly the Double that `1100ms` does and `1%` exactly `0.01`:
/// a threshold sitting on a boundary must not pass or fail because of a rounding error.
struct ThresholdNumber: Equatable {
    let whole: String
    /// The digits after the point; empty when there is no point.
    let fraction: String

    /// Nil unless `text` is one or more digits, optionally followed by a point and more digits.
    init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.unicodeScalars.allSatisfy(ThresholdScanner.isDigit)
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty, fraction.unicodeScalars.allSatisfy(ThresholdScanner.isDigit)
        else { return nil }
        self.whole = String(whole)
        self.fraction = String(fraction)
    }

    var isWhole: Bool { fraction.allSatisfy { $0 == "0" } }

    /// The number times 10^`exponent`, shifting the decimal point in the text before converting.
    func value(timesTenToThe exponent: Int = 0) -> Double {
        let digits = whole + fraction
        let point = whole.count + exponent
        let shifted: String
        if point <= 0 {
            shifted = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            shifted = digits + String(repeating: "0", count: point - digits.count)
        } else {
            shifted = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        // A string of digits with at most one point always converts (huge ones to infinity).
        return Double(shifted) ?? .infinity
    }
}
