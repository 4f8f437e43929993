/// The `HOST:PORT:ADDRESS` (`resolve`) and `HOST:PORT:CONNECT-HOST:CONNECT-PORT` (`connectTo`)
/// entries curl takes, checked where they are written (a plan or the command line) so a typo is
/// an error before anything is sent, not a silent DNS lookup of the real host.
public enum ConnectionOverride {
    /// Why `text` is not such an entry with `parts` fields, or nil when it is. An IPv6 address
    /// is written in brackets, as curl expects: `api.example.com:443:[::1]`.
    public static func problem(with text: String, parts: Int) -> String? {
        var fields: [String] = []
        var current = ""
        var inBrackets = false
        for character in text {
            switch character {
            case "[": inBrackets = true; current.append(character)
            case "]": inBrackets = false; current.append(character)
            case ":" where !inBrackets: fields.append(current); current = ""
            default: current.append(character)
            }
        }
        fields.append(current)
        guard fields.count == parts else { return "expected \(parts) fields separated by ':', found \(fields.count)" }
        guard !fields[0].isEmpty else { return "the host is empty" }
        guard let port = Int(fields[1]), (1...65535).contains(port) else { return "'\(fields[1])' is not a port" }
        guard !fields[2].isEmpty else { return parts == 3 ? "the address is empty" : "the host to connect to is empty" }
        if parts == 4, !fields[3].isEmpty, Int(fields[3]).map({ !(1...65535).contains($0) }) ?? true {
            return "'\(fields[3])' is not a port"
        }
        return nil
    }
}
