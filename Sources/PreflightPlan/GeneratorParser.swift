/// Reads the `$name` or `$name(arguments)` inside a generator placeholder such as `{{$randomInt(1,100)}}`.
enum GeneratorParser {
    static let names = ["$uuid", "$randomInt", "$timestamp", "$timestampMillis", "$iteration"]

    /// `text` starts with `$`; `offset` is where it starts in the template, for error positions.
    static func parse(_ text: String, offset: Int) throws(TemplateSyntaxError) -> Generator {
        let name = String(text.prefix(while: { $0 != "(" })).trimmingWhitespace()
        let arguments: String? = text.firstIndex(of: "(").map { String(text[$0...]) }
        switch name {
        case "$uuid", "$timestamp", "$timestampMillis", "$iteration":
            if arguments != nil {
                throw TemplateSyntaxError(
                    message: "generator '\(name)' takes no arguments", hint: "write '{{\(name)}}'", offset: offset)
            }
            switch name {
            case "$uuid": return .uuid
            case "$timestamp": return .timestamp
            case "$timestampMillis": return .timestampMillis
            default: return .iteration
            }
        case "$randomInt":
            return .randomInt(try randomIntRange(arguments, offset: offset))
        default:
            throw TemplateSyntaxError(
                message: "unknown generator '\(name)'",
                hint: DidYouMean.hint(for: name, among: names)
                    ?? "available generators: " + names.joined(separator: ", "),
                offset: offset)
        }
    }

    /// The `(low,high)` argument list of `$randomInt`, both bounds included.
    private static func randomIntRange(_ arguments: String?, offset: Int) throws(TemplateSyntaxError) -> ClosedRange<Int> {
        let usage = "write '{{$randomInt(1,100)}}' for a whole number from 1 to 100, both included"
        guard let arguments, arguments.hasSuffix(")") else {
            throw TemplateSyntaxError(message: "'$randomInt' needs a range such as (1,100)", hint: usage, offset: offset)
        }
        let bounds = arguments.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
            .map { Int(String($0).trimmingWhitespace()) }
        guard bounds.count == 2, let low = bounds[0], let high = bounds[1] else {
            throw TemplateSyntaxError(
                message: "bad '$randomInt' range '\(arguments)': expected two whole numbers", hint: usage, offset: offset)
        }
        guard low <= high else {
            throw TemplateSyntaxError(
                message: "bad '$randomInt' range: the lower bound \(low) is greater than the upper bound \(high)",
                hint: "write the smaller number first: '$randomInt(\(high),\(low))'", offset: offset)
        }
        return low...high
    }
}
