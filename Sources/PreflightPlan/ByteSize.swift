/// A size in bytes as plans write it: `512KiB`, `8MiB`, `2MB`, or a bare number of bytes.
///
/// Binary (KiB, MiB, GiB) and decimal (KB, MB, GB) units mean what their names say.
public enum ByteSize {
    /// The bytes `text` stands for, or nil when it is not a size.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingWhitespace()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let count = Int(digits) else { return nil }
        let unit = String(trimmed.dropFirst(digits.count)).trimmingWhitespace()
        let multipliers: [String: Int] = [
            "": 1, "B": 1, "KB": 1_000, "KiB": 1 << 10, "MB": 1_000_000, "MiB": 1 << 20, "GB": 1_000_000_000, "GiB": 1 << 30,
        ]
        guard let multiplier = multipliers[unit] else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }

    /// `8 MiB`, `512 KiB` or `100 bytes`, for messages.
    public static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
