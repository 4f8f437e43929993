import Foundation
import PreflightPlan
import XCTest

/// A secret leaks in whatever form a server reflects it; each common form is masked.
final class SecretRedactorTests: XCTestCase {
    func testEveryCommonEncodingOfASecretIsMasked() {
        let redactor = SecretRedactor(values: [#"pa/ss"word-Q9 ä"#])
        let reflections = [
            #"pa/ss"word-Q9 ä"#,                       // as written
            #"pa/ss\"word-Q9 ä"#,                      // JSON, '/' left alone (most encoders)
            #"pa\/ss\"word-Q9 ä"#,                     // JSON with '\/'
            #"pa/ss\"word-Q9 \u00e4"#,                 // ASCII-only JSON, lower-case hex
            #"pa\/ss\"word-Q9 \u00E4"#,                // ASCII-only JSON, upper-case hex, '\/'
            "pa%2Fss%22word-Q9%20%C3%A4",               // percent-encoded
            "pa%2fss%22word-Q9%20%c3%a4",               // percent-encoded, lower-case hex
            "pa%2Fss%22word-Q9+%C3%A4",                 // form-encoded
            Data(#"pa/ss"word-Q9 ä"#.utf8).base64EncodedString(),
        ]
        for reflected in reflections {
            XCTAssertEqual(redactor.redact("before \(reflected) after"), "before *** after", reflected)
        }
    }

    func testCredentialsInATargetURLAreMaskedAsTheBasicHeaderCurlBuilds() {
        var redactor = SecretRedactor()
        redactor.addCredentials(ofURL: "http://admin:s3cr%2Ft@127.0.0.1:8080/api")
        let basic = "Basic " + Data("admin:s3cr/t".utf8).base64EncodedString()
        XCTAssertEqual(redactor.redact("Authorization: \(basic)"), "Authorization: Basic ***")
        XCTAssertEqual(redactor.redact("password s3cr/t and s3cr%2Ft"), "password *** and ***")
        XCTAssertFalse(redactor.redact("admin").contains("***"), "the user name alone is not a secret")
    }

    func testEmptySecretsMaskNothing() {
        XCTAssertEqual(SecretRedactor(values: [""]).redact("text"), "text")
    }
}
