extension String {
    /// The text with every control character shown as an escape (`\x1B`, `\u{202E}`) instead of
    /// being obeyed; line breaks and tabs are kept.
    ///
    /// Response bodies and headers come from the server under test, and a terminal or Markdown
    /// viewer acts on escape sequences: a body could set the window title, clear the screen and
    /// print a fake green "PASSED". Bidirectional overrides are escaped too, since they can make
    /// text read differently from what it is.
    public var controlCharactersEscaped: String {
        guard unicodeScalars.contains(where: Self.mustEscape) else { return self }
        var escaped = ""
        for scalar in unicodeScalars {
            guard Self.mustEscape(scalar) else {
                escaped.unicodeScalars.append(scalar)
                continue
            }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            escaped += scalar.value < 0x100
                ? "\\x" + (hex.count < 2 ? "0" : "") + hex
                : "\\u{" + hex + "}"
        }
        return escaped
    }

    private static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00..<0x20, 0x7F..<0xA0: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
