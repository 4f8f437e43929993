/// A small JSON path: `$.order.id`, `$.items[0].sku`, `$['odd key']`.
///
/// Only member and index access: that covers captures and expectations on API responses
/// without the ambiguity of filters and wildcards.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public var components: [Component]
    public init(components: [Component]) { self.components = components }

    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var description: String {
        "$" + components.map { component in
            switch component {
            case .key(let key): key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? ".\(key)" : "['\(key)']"
            case .index(let index): "[\(index)]"
            }
        }.joined()
    }
}
