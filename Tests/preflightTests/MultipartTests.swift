import Foundation
import XCTest

/// A multipart upload reaches the server field for field and the file byte for byte.
final class MultipartTests: XCTestCase {
    func testFieldsAndAFileArriveExactly() throws {
        let directory = try makeScratchDirectory("multipart")
        // Every byte value, twice: a binary file survives only if nothing is re-encoded.
        let file = Array(0...255).map(UInt8.init) + Array(0...255).map(UInt8.init)
        try Data(file).write(to: directory.appendingPathComponent("receipt.bin"))
        let server = try FaultServer { FaultServer.send($0, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n") }
        defer { server.stop() }
        let plan = directory.appendingPathComponent("upload.yaml")
        try """
            name: upload
            targets: { api: "\(server.url)" }
            variables: { order: ord-42 }
            flows:
              upload:
                steps:
                  - name: attach
                    method: POST
                    path: /receipts
                    multipart:
                      order: "{{order}}"
                      note: "paid, thanks"
                      scan: { file: receipt.bin, contentType: application/octet-stream, filename: scan.bin }
            """.write(to: plan, atomically: true, encoding: .utf8)
        let result = try CommandRunner.preflight(["smoke", plan.path, "--out", directory.appendingPathComponent("reports").path, "--no-html"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)

        let head = try XCTUnwrap(server.requestHeads.first)
        XCTAssertTrue(head.contains("\r\nUser-Agent: preflight/"), "every request says who is calling: \(head)")
        XCTAssertTrue(head.contains("Content-Type: multipart/form-data; boundary=preflight-"), head)
        let body = try XCTUnwrap(server.requestBodies.first)
        let text = String(decoding: body, as: UTF8.self)
        let boundary = try XCTUnwrap(text.split(separator: "\r\n").first).dropFirst(2)
        let parts = Self.parts(of: body, boundary: Array(boundary.utf8))
        XCTAssertEqual(parts.count, 3)
        XCTAssertEqual(parts[0].headers, ["Content-Disposition: form-data; name=\"order\""])
        XCTAssertEqual(parts[0].content, Array("ord-42".utf8), "text parts are rendered")
        XCTAssertEqual(parts[1].content, Array("paid, thanks".utf8))
        XCTAssertEqual(parts[2].headers, ["Content-Disposition: form-data; name=\"scan\"; filename=\"scan.bin\"", "Content-Type: application/octet-stream"])
        XCTAssertEqual(parts[2].content, file, "the file byte for byte")
    }

    /// Splits a multipart body at its boundary into each part's header lines and content.
    private static func parts(of body: [UInt8], boundary: [UInt8]) -> [(headers: [String], content: [UInt8])] {
        let delimiter = Array("\r\n--".utf8) + boundary
        var chunks: [[UInt8]] = []
        var start = 2 + boundary.count
        var index = start
        while index + delimiter.count <= body.count {
            if body[index..<(index + delimiter.count)].elementsEqual(delimiter) {
                chunks.append(Array(body[start..<index]))
                index += delimiter.count
                start = index
            } else {
                index += 1
            }
        }
        return chunks.map { chunk in
            let separator = Array("\r\n\r\n".utf8)
            let end = (0...(chunk.count - 4)).first { chunk[$0..<($0 + 4)].elementsEqual(separator) } ?? 0
            let headers = String(decoding: chunk[2..<end], as: UTF8.self).components(separatedBy: "\r\n")
            return (headers, Array(chunk[(end + 4)...]))
        }
    }
}
