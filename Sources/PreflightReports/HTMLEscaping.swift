extension String {
    /// The text made inert for HTML: safe as element content and inside quoted attribute values,
    /// including the text and attributes of inline SVG.
    ///
    /// Step names, response excerpts and transport messages come from plans and servers, and the
    /// report is opened in a browser, so every such string goes through here before it reaches
    /// the page. Control characters that HTML forbids become U+FFFD rather than raw bytes, and
    /// line breaks become `\n`, as a browser would read them anyway, so the file has one kind.
    var htmlEscaped: String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(unicodeScalars.count)
        var previous: Unicode.Scalar?
        for scalar in unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\n" where previous == "\r": continue
            case "\r": escaped += "\n"
            case "\t", "\n": escaped.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{7F}"..."\u{9F}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
