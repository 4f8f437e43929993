import Foundation

/// Checks that a URL can be requested: http or https, with a host.
enum URLValidation {
    /// Nil when `text` is a usable absolute URL, otherwise why not and how to fix it.
    static func problem(with text: String) -> (reason: String, hint: String)? {
        let hint = "write an absolute URL such as http://127.0.0.1:8080 or https://api.example.com"
        guard text.contains("://") else {
            return ("it has no scheme", "add one, such as http://\(text)")
        }
        guard let components = URLComponents(string: text) else {
            return ("it is not a valid URL", hint)
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return ("only http and https are supported", hint)
        }
        guard let host = components.host, !host.isEmpty else {
            return ("it has no host", hint)
        }
        if let port = components.port, !(1...65535).contains(port) {
            return ("port \(port) is out of range (1-65535)", hint)
        }
        return nil
    }
}
