/// A string with `{{variable}}` and `{{$generator}}` placeholders, parsed once when the plan loads.
public struct Template: Sendable, Hashable, CustomStringConvertible {
    public var parts: [Part]
    public init(parts: [Part]) { self.parts = parts }
    /// A template with no placeholders.
    public init(literal: String) { self.parts = literal.isEmpty ? [] : [.literal(literal)] }

    public enum Part: Sendable, Hashable {
        case literal(String)
        case variable(String)
        case generator(Generator)
    }

    /// Names of variables this template reads.
    public var variableNames: [String] {
        parts.compactMap { if case .variable(let name) = $0 { name } else { nil } }
    }

    /// The template as a plan author would write it.
    public var description: String {
        parts.map { part in
            switch part {
            case .literal(let text): text
            case .variable(let name): "{{\(name)}}"
            case .generator(let generator): "{{\(generator)}}"
            }
        }.joined()
    }
}

/// Values made fresh at each use, for unique order ids and the like.
public enum Generator: Sendable, Hashable, CustomStringConvertible {
    case uuid
    case randomInt(ClosedRange<Int>)
    /// Seconds since the Unix epoch.
    case timestamp
    /// Milliseconds since the Unix epoch.
    case timestampMillis
    /// The iteration number of the running flow, from 0.
    case iteration

    public var description: String {
        switch self {
        case .uuid: "$uuid"
        case .randomInt(let range): "$randomInt(\(range.lowerBound),\(range.upperBound))"
        case .timestamp: "$timestamp"
        case .timestampMillis: "$timestampMillis"
        case .iteration: "$iteration"
        }
    }
}

/// A string literal in code is literal text, never parsed for placeholders.
extension Template: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self.init(literal: value)
    }
}
