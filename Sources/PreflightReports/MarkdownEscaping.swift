import Foundation

extension String {
    /// The text as literal inline Markdown on one line, safe in a table cell.
    ///
    /// GitHub renders a job summary as Markdown with some HTML, so a step name such as
    /// `a|b` would split a table row, `<b>` would become markup and a newline would end the row.
    /// Inline markup characters are backslash-escaped, `&`, `<` and `>` become entities and line
    /// breaks become spaces.
    var markdownEscaped: String {
        var escaped = ""
        // Control characters become visible escapes first (a `\` then starts an escape here too).
        for scalar in replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .controlCharactersEscaped.unicodeScalars {
            switch scalar {
            case "\n", "\t":
                escaped += " "
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                escaped += "\\" + String(scalar)
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default:
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The text as literal Markdown at the start of a line or a list item, where `# x`, `- x`,
    /// `+ x`, `= x` and `1. x` would start a heading or a list: that first character is escaped too.
    var markdownLineEscaped: String {
        let text = markdownEscaped
        guard let first = text.first else { return text }
        if "#-+=".contains(first) { return "\\" + text }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let next = text.dropFirst(digits.count).first, next == "." || next == ")" {
            return digits + "\\" + text.dropFirst(digits.count)
        }
        return text
    }
}
