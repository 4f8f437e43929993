import CPreflightCurl

/// libcurl's process-wide initialization, performed exactly once.
///
/// `curl_global_init` must run before any other curl call and must not race with itself;
/// a `static let` gives Swift's thread-safe, run-once lazy initialization for free.
enum CurlGlobal {
    private static let initialized: Void = {
        let code = curl_global_init(Int(CURL_GLOBAL_ALL))
        // Without it the process cannot make a single request; there is nothing to degrade to.
        precondition(code == CURLE_OK, "curl_global_init failed: \(String(cString: curl_easy_strerror(code)))")
    }()

    /// Initializes libcurl on first call; later calls are free.
    static func ensureInitialized() {
        initialized
    }
}
