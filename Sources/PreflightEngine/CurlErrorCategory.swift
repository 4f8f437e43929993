import CPreflightCurl
import Glibc
import PreflightMetrics

/// Translates curl's failure codes into the categories an operator triages by.
///
/// Kept pure (code and errno in, category out) so the whole table is unit-testable without
/// provoking each failure on a real network.
enum CurlErrorCategory {
    /// - Parameters:
    ///   - code: the `CURLcode` a finished transfer reported (never `CURLE_OK`).
    ///   - osErrno: `CURLINFO_OS_ERRNO` of the transfer, 0 when curl recorded none.
    static func category(for code: CURLcode, osErrno: Int) -> ResultCategory {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dnsFailure
        case CURLE_COULDNT_CONNECT:
            // Unreachable networks also land here; only a refusal (or no detail) is a refusal.
            return osErrno == 0 || osErrno == Int(ECONNREFUSED) ? .connectionRefused : .transportError
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            // The peer went away: reset, closed without a reply, or closed in the middle of the body.
            return .connectionReset
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            return .tlsError
        default:
            return .transportError
        }
    }

    /// curl's explanation, reworded where curl's own words mislead: a response header over its
    /// limit is reported as "Out of memory" by older curl (code 27) and "too large" by newer (100).
    static func message(for code: CURLcode, detail: String) -> String {
        if code == CURLE_OUT_OF_MEMORY || code.rawValue == 100 {
            return "the response headers were too large: curl refuses a header over 100 KB (curl said: \(detail))"
        }
        return detail
    }
}
