import Foundation

/// Removes `user:password@` from URLs before they are printed or written.
public enum URLCredentials {
    public static func strip(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.user != nil || components.password != nil else { return url }
        components.user = nil
        components.password = nil
        return components.string ?? url
    }
}
