import Foundation

/// `12.3 ms` style text for a duration in microseconds.
public func formatMillis(_ micros: Int64) -> String {
    let ms = Double(micros) / 1000
    return ms >= 100 ? "\(Int(ms.rounded())) ms" : String(format: "%.1f ms", ms)
}
