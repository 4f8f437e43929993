extension String {
    /// The text made safe as XML 1.0 element content.
    ///
    /// JUnit files are read by strict XML parsers in CI servers: one stray `<` or control byte
    /// from a response excerpt would make the whole file unreadable and hide every result. XML
    /// 1.0 cannot carry most control characters even as references, so they become U+FFFD;
    /// a carriage return is written as a reference because parsers would otherwise turn it into
    /// a line feed.
    var xmlEscaped: String { xmlEscaped(inAttribute: false) }

    /// The text made safe inside a double-quoted XML attribute value. Tabs and line breaks are
    /// written as references, since parsers replace literal ones in attributes with spaces and
    /// a multi-line failure message would lose its lines.
    var xmlAttributeEscaped: String { xmlEscaped(inAttribute: true) }

    private func xmlEscaped(inAttribute: Bool) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(unicodeScalars.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\r": escaped += "&#13;"
            case "\n" where inAttribute: escaped += "&#10;"
            case "\t" where inAttribute: escaped += "&#9;"
            case "\t", "\n": escaped.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
