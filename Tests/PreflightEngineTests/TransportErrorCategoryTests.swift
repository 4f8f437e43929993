import CPreflightCurl
import Glibc
@testable import PreflightEngine
import PreflightMetrics
import XCTest

final class TransportErrorCategoryTests: XCTestCase {
    private func category(_ code: CURLcode, errno: Int32 = 0) -> ResultCategory {
        CurlErrorCategory.category(for: code, osErrno: Int(errno))
    }

    func testResolutionFailuresAreDNSFailures() {
        XCTAssertEqual(category(CURLE_COULDNT_RESOLVE_HOST), .dnsFailure)
        XCTAssertEqual(category(CURLE_COULDNT_RESOLVE_PROXY), .dnsFailure)
    }

    func testRefusalNeedsConnectionRefusedErrno() {
        XCTAssertEqual(category(CURLE_COULDNT_CONNECT, errno: ECONNREFUSED), .connectionRefused)
        XCTAssertEqual(category(CURLE_COULDNT_CONNECT), .connectionRefused)
        XCTAssertEqual(category(CURLE_COULDNT_CONNECT, errno: ENETUNREACH), .transportError)
    }

    func testTimeoutsResetsAndTLS() {
        XCTAssertEqual(category(CURLE_OPERATION_TIMEDOUT), .timeout)
        for code in [CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE] {
            XCTAssertEqual(category(code, errno: ECONNRESET), .connectionReset, "\(code)")
        }
        for code in [CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE] {
            XCTAssertEqual(category(code), .tlsError, "\(code)")
        }
    }

    func testEverythingElseIsATransportError() {
        for code in [CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_TOO_MANY_REDIRECTS, CURLE_WEIRD_SERVER_REPLY] {
            XCTAssertEqual(category(code), .transportError, "\(code)")
        }
    }
}
