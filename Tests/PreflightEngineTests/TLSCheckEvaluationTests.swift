@testable import PreflightEngine
import PreflightPlan
import XCTest

/// The certificate-name rules of a `tls` check, without a server.
final class TLSCheckEvaluationTests: XCTestCase {
    func testNamesCoverTheirHostsExactlyOrByOneWildcardLabel() {
        let names = ["DNS:api.example.com", "DNS:*.shop.example.com", "IP Address:10.0.0.7"]
        XCTAssertTrue(TLSCheckEvaluation.covers("API.example.com", names: names))
        XCTAssertTrue(TLSCheckEvaluation.covers("eu.shop.example.com", names: names))
        XCTAssertFalse(TLSCheckEvaluation.covers("a.eu.shop.example.com", names: names), "a wildcard covers one label")
        XCTAssertFalse(TLSCheckEvaluation.covers("shop.example.com", names: names))
        XCTAssertTrue(TLSCheckEvaluation.covers("10.0.0.7", names: names))
        XCTAssertFalse(TLSCheckEvaluation.covers("example.com", names: names))
    }

    func testCertificateLinesAreRead() {
        let observed = TLSObservation(version: "TLSv1.3", certificateLines: [
            "Subject:CN = api.example.com", "Issuer:C = US, O = Let's Encrypt, CN = R11",
            "Expire date:Feb  1 10:00:00 2027 GMT", "X509v3 Subject Alternative Name:DNS:api.example.com, DNS:www.example.com",
        ])
        XCTAssertEqual(observed.issuer, "C = US, O = Let's Encrypt, CN = R11")
        XCTAssertEqual(observed.subjectAlternativeNames, ["DNS:api.example.com", "DNS:www.example.com"])
        XCTAssertEqual(observed.notAfter, ISO8601DateFormatter().date(from: "2027-02-01T10:00:00Z"))
        let soon = TLSCheckEvaluation.failure(
            of: TLSCheck(validForAtLeast: .seconds(14 * 86_400)), observed: observed, host: "api.example.com",
            now: ISO8601DateFormatter().date(from: "2027-01-25T10:00:00Z") ?? Date()
        )
        XCTAssertEqual(soon?.actual, "certificate expires 2027-02-01 (7.0 days left)")
    }
}
