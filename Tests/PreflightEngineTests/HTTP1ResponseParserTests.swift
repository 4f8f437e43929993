@testable import PreflightEngine
import XCTest

/// The plain path's response parser on its own: every framing, fed whole and split at every
/// offset, and the broken responses it must refuse.
final class HTTP1ResponseParserTests: XCTestCase {
    private struct Parsed {
        var progress: HTTP1ResponseParser.Progress?
        var parser: HTTP1ResponseParser
    }

    /// Feeds `text` in pieces cut at `cuts`, then (if asked) the end of the stream.
    private func parse(_ text: String, cuts: [Int] = [], isHEAD: Bool = false, maxBody: Int = 1 << 20, close: Bool = false) -> Parsed {
        var parser = HTTP1ResponseParser(isHEAD: isHEAD, maxBodyBytes: maxBody)
        let bytes = Array(text.utf8)
        var progress: HTTP1ResponseParser.Progress?
        var start = 0
        for end in cuts + [bytes.count] where end >= start {
            progress = bytes[start..<end].withUnsafeBytes { parser.consume($0) }
            start = end
        }
        if close { progress = parser.endOfStream() }
        return Parsed(progress: progress, parser: parser)
    }

    /// The same response cut into two pieces at every offset gives the same result as whole.
    private func assertSplitAnywhere(_ text: String, isHEAD: Bool = false, close: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
        let whole = parse(text, isHEAD: isHEAD, close: close)
        for cut in 0...text.utf8.count {
            let split = parse(text, cuts: [cut], isHEAD: isHEAD, close: close)
            XCTAssertEqual(split.progress, whole.progress, "cut at \(cut)", file: file, line: line)
            XCTAssertEqual(split.parser.body, whole.parser.body, "cut at \(cut)", file: file, line: line)
            XCTAssertEqual(split.parser.headers.map(\.name), whole.parser.headers.map(\.name), file: file, line: line)
            XCTAssertEqual(split.parser.headers.map(\.value), whole.parser.headers.map(\.value), file: file, line: line)
        }
    }

    func testAContentLengthResponseIsWholeAtItsLastByte() {
        let text = "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
        let result = parse(text)
        XCTAssertEqual(result.progress, .complete(reusable: true))
        XCTAssertEqual(result.parser.status, 200)
        XCTAssertEqual(result.parser.version, "1.1")
        XCTAssertEqual(result.parser.headers.map(\.name), ["Server", "Content-Type", "Content-Length"])
        XCTAssertEqual(result.parser.headers.map(\.value), ["nginx", "text/plain", "2"])
        XCTAssertEqual(result.parser.body, Array("ok".utf8))
        XCTAssertEqual(parse(String(text.dropLast())).progress, .needMore)
        assertSplitAnywhere(text)
    }

    func testChunkedBodiesWithExtensionsAndTrailersAreJoined() {
        let text = "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5;note=x\r\nhello\r\n1A\r\n"
            + String(repeating: "z", count: 26) + "\r\n0\r\nX-Trailer: yes\r\n\r\n"
        let result = parse(text)
        XCTAssertEqual(result.progress, .complete(reusable: true))
        XCTAssertEqual(result.parser.status, 201)
        XCTAssertEqual(result.parser.body, Array(("hello" + String(repeating: "z", count: 26)).utf8))
        assertSplitAnywhere(text)
    }

    func testInterimResponsesAreSkipped() {
        let text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\nX-Final: yes\r\n\r\n"
        let result = parse(text)
        XCTAssertEqual(result.progress, .complete(reusable: true))
        XCTAssertEqual(result.parser.status, 204)
        XCTAssertEqual(result.parser.headers.map(\.name), ["X-Final"], "only the final response's headers")
        assertSplitAnywhere(text)
    }

    func testResponsesWithoutABodyEndAtTheirHead() {
        let head = parse("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n", isHEAD: true)
        XCTAssertEqual(head.progress, .complete(reusable: true), "a HEAD answer announces a length it does not carry")
        XCTAssertEqual(parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n").progress, .complete(reusable: true))
    }

    func testABodyWithoutLengthRunsToTheEndAndEndsTheConnection() {
        let text = "HTTP/1.1 200 OK\r\n\r\nall of it"
        XCTAssertEqual(parse(text).progress, .needMore)
        let closed = parse(text, close: true)
        XCTAssertEqual(closed.progress, .complete(reusable: false))
        XCTAssertEqual(closed.parser.body, Array("all of it".utf8))
        assertSplitAnywhere(text, close: true)
    }

    func testTheConnectionHeaderAndHTTP10DecideReuse() {
        XCTAssertEqual(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").progress, .complete(reusable: false))
        XCTAssertEqual(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").progress, .complete(reusable: false))
        let kept = parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")
        XCTAssertEqual(kept.progress, .complete(reusable: true))
        XCTAssertEqual(kept.parser.version, "1.0")
        XCTAssertEqual(parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab").progress, .complete(reusable: false), "bytes after the response")
    }

    func testBareLineFeedsAndFoldedHeadersAreRead() {
        let result = parse("HTTP/1.1 200 OK\nX-Long: first\n  second\nContent-Length: 1\n\nk")
        XCTAssertEqual(result.progress, .complete(reusable: true))
        XCTAssertEqual(result.parser.headers.first?.value, "first second")
        XCTAssertEqual(result.parser.body, Array("k".utf8))
    }

    func testACutResponseIsNotWhole() {
        var parser = HTTP1ResponseParser(isHEAD: false, maxBodyBytes: 100)
        _ = Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8).withUnsafeBytes { parser.consume($0) }
        XCTAssertNil(parser.endOfStream())
        XCTAssertEqual(parser.bytesStillExpected, 7)
        XCTAssertTrue(parser.receivedAnything)
    }

    func testTheBodyIsCutAtTheLimitButReadToItsEnd() {
        let result = parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", maxBody: 4)
        XCTAssertEqual(result.progress, .complete(reusable: true))
        XCTAssertEqual(result.parser.body, Array("0123".utf8))
        XCTAssertTrue(result.parser.bodyTruncated)
    }

    func testBrokenResponsesAreRefusedWithTheReason() {
        func failure(_ text: String) -> String? {
            if case .malformed(let message) = parse(text).progress { return message }
            return nil
        }
        XCTAssertEqual(failure("SSH-2.0-OpenSSH_9.2\r\n").map { $0.contains("not an HTTP/1.x status line") }, true)
        XCTAssertNotNil(failure("HTTP/1.1 2000 OK\r\n\r\n"))
        XCTAssertNotNil(failure("HTTP/2 200\r\n\r\n"))
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n").map { $0.contains("Content-Length") }, true)
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n").map { $0.contains("Content-Length") }, true)
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").map { $0.contains("chunk size") }, true)
        let huge = "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: 200 * 1024)
        XCTAssertEqual(failure(huge).map { $0.contains("too large") }, true, "refused before the line even ends")
        let endlessChunkLine = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;" + String(repeating: "x", count: 200 * 1024)
        XCTAssertEqual(failure(endlessChunkLine).map { $0.contains("too large") }, true, "every line is bounded, not only the head's")
    }

    func testFramingIsReadAsLenientlyAsCurlReadsIt() {
        // The limit is per line, as curl's: many lines may add up to more.
        let manyCookies = (0..<150).map { "Set-Cookie: c\($0)=" + String(repeating: "v", count: 1000) + "\r\n" }.joined()
        let cookies = parse("HTTP/1.1 200 OK\r\n" + manyCookies + "Content-Length: 0\r\n\r\n")
        XCTAssertEqual(cookies.progress, .complete(reusable: true))
        XCTAssertEqual(cookies.parser.headers.count, 151)
        // A Content-Length's leading digits; the last of several.
        XCTAssertEqual(parse("HTTP/1.1 200 OK\r\nContent-Length: 2abc\r\n\r\nok").parser.body, Array("ok".utf8))
        XCTAssertEqual(parse("HTTP/1.1 200 OK\r\nContent-Length: 9\r\nContent-Length: 1\r\n\r\nk").progress, .complete(reusable: true))
        // A chunk size's leading hex digits, whatever follows them.
        let chunked = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3 junk\r\nabc\r\n0\r\n\r\n")
        XCTAssertEqual(chunked.progress, .complete(reusable: true))
        XCTAssertEqual(chunked.parser.body, Array("abc".utf8))
    }

    func testOutOfRangeStatusesAreReadForTheCallerToJudge() {
        let result = parse("HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n")
        XCTAssertEqual(result.progress, .complete(reusable: true))
        XCTAssertEqual(result.parser.status, 999)
    }
}
