import Foundation
import Glibc
import Synchronization
import XCTest

/// Every plan in `BadPlans/` is refused by the real binary: exit 2, a diagnostic at the line and
/// column the file names, "nothing was sent.", no report, and not one connection to the target.
///
/// A corpus file's first line is `# expect: LINE:COL` or `# expect: LINE:COL | fragment` (the
/// fragment must appear in that diagnostic's message); a file that cannot carry a comment line has
/// the same text in a sidecar `NAME.expect`. See `BadPlans/README.md`.
final class BadPlanCorpusTests: XCTestCase {
    private static let corpusDirectory = CommandRunner.repositoryRoot.appendingPathComponent("Tests/preflightTests/BadPlans")

    private var listener: CountingListener!
    private var workDirectory: URL!

    override func setUpWithError() throws {
        listener = try CountingListener()
        workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-bad-plans-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        listener?.stop()
        listener = nil
        if let workDirectory { try? FileManager.default.removeItem(at: workDirectory) }
    }

    func testEveryCorpusPlanIsRefusedAtItsLocationAndSendsNothing() throws {
        let plans = try Self.corpusFiles()
        XCTAssertGreaterThanOrEqual(plans.count, 60, "the corpus in \(Self.corpusDirectory.path) has shrunk")
        for plan in plans {
            guard let expected = try Self.expectation(for: plan) else {
                XCTFail("\(plan.lastPathComponent): no '# expect: LINE:COL' first line and no \(plan.lastPathComponent).expect")
                continue
            }
            try assertRefused(plan.path, at: expected)
        }
        XCTAssertEqual(listener.connections, 0, "a bad plan reached the target")
    }

    func testLargeGeneratedPlansAreRefusedAtTheirLocation() throws {
        // About 5 MB: 100,000 steps, the last of which has no path.
        let stepCount = 100_000
        var huge = "name: huge\ntargets:\n  api: \"${API_URL}\"\nflows:\n  f:\n    steps:\n"
        huge.reserveCapacity(6_000_000)
        for index in 0..<(stepCount - 1) {
            huge += "      - name: step \(index)\n        path: /api/health/\(index)\n"
        }
        huge += "      - name: last\n        method: GET\n"
        let hugePath = try write(huge, named: "huge-100000-steps.yaml")
        // Six header lines, then two lines per step: the last step starts on line 7 + 2 × 99,999.
        try assertRefused(
            hugePath, at: Expectation(line: 7 + 2 * (stepCount - 1), column: 9, fragment: "missing required key 'path'"),
            timeout: 300)

        // One line of a megabyte whose placeholder at the very end is broken.
        let filler = 1 << 20
        let long = "name: long\ntargets:\n  api: \"${API_URL}\"\nflows:\n  f:\n    steps:\n      - name: a\n"
            + "        path: \"/" + String(repeating: "a", count: filler) + "{{$uid}}\"\n"
        let longPath = try write(long, named: "one-megabyte-line.yaml")
        // The quote is column 15, '/' 16, the filler 17 to 16 + filler, then '{{', then '$uid'.
        try assertRefused(longPath, at: Expectation(line: 8, column: 19 + filler, fragment: "unknown generator '$uid'"), timeout: 120)

        XCTAssertEqual(listener.connections, 0, "a bad plan reached the target")
    }

    // MARK: Helpers

    private struct Expectation {
        var line: Int
        var column: Int
        var fragment: String?
    }

    /// Runs `preflight smoke` on `path` against the listener and checks everything a refused plan must show.
    private func assertRefused(_ path: String, at expected: Expectation, timeout: TimeInterval = 60) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let reports = workDirectory.appendingPathComponent("reports-\(name)")
        let result = try CommandRunner.preflight(
            ["smoke", path, "-e", "API_URL=\(listener.url)", "--out", reports.path], timeout: timeout)
        XCTAssertEqual(result.status, 2, "\(name): exit status\n\(result.stdout)\(result.stderr)")
        let prefix = "\(path):\(expected.line):\(expected.column): "
        let diagnostics = result.stderr.split(separator: "\n").filter { $0.hasPrefix(prefix) }
        if diagnostics.isEmpty {
            XCTFail("\(name): no diagnostic at \(expected.line):\(expected.column)\n\(result.stderr)")
        } else if let fragment = expected.fragment {
            XCTAssertTrue(
                diagnostics.contains { $0.contains(fragment) },
                "\(name): the diagnostic at \(expected.line):\(expected.column) does not say \"\(fragment)\"\n\(result.stderr)")
        }
        XCTAssertTrue(result.stderr.contains("nothing was sent."), "\(name): \(result.stderr)")
        XCTAssertFalse(result.stderr.contains("corpus-secret-value"), "\(name): a credential was printed\n\(result.stderr)")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: reports.path)) ?? []
        XCTAssertEqual(written, [], "\(name): a report was written")
    }

    private func write(_ text: String, named name: String) throws -> String {
        let url = workDirectory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The plans of the corpus, in name order; `.expect` sidecars and the README are not plans.
    private static func corpusFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path)
            .filter { ["yaml", "yml", "json"].contains(URL(fileURLWithPath: $0).pathExtension) }
            .sorted()
            .map { corpusDirectory.appendingPathComponent($0) }
    }

    /// `LINE:COL | fragment` from the sidecar `NAME.expect` when there is one, else from the
    /// `# expect: ` first line; nil when neither is there or the location is malformed.
    private static func expectation(for plan: URL) throws -> Expectation? {
        let sidecar = URL(fileURLWithPath: plan.path + ".expect")
        var text: String
        if FileManager.default.fileExists(atPath: sidecar.path) {
            text = try String(contentsOf: sidecar, encoding: .utf8)
        } else {
            let data = try Data(contentsOf: plan)
            text = String(decoding: data.prefix(4096), as: UTF8.self)
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            let marker = "# expect: "
            guard text.hasPrefix(marker) else { return nil }
            text = String(text.dropFirst(marker.count))
        }
        let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let parts = firstLine.components(separatedBy: " | ")
        let location = parts[0].trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":")
        guard location.count == 2, let line = Int(location[0]), let column = Int(location[1]) else { return nil }
        let fragment = parts.count > 1
            ? parts.dropFirst().joined(separator: " | ").trimmingCharacters(in: .whitespacesAndNewlines)
            : nil
        return Expectation(line: line, column: column, fragment: fragment?.isEmpty == true ? nil : fragment)
    }
}

/// A TCP listener on 127.0.0.1 that accepts every connection, counts it and closes it at once, so
/// a plan that wrongly gets through is both counted and fails fast instead of waiting for an answer.
private final class CountingListener: Sendable {
    let port: UInt16
    private let descriptor: Int32
    private let accepted = Mutex(0)
    private let stopping = Mutex(false)
    private let finished = Mutex(false)

    var url: String { "http://127.0.0.1:\(port)" }
    var connections: Int { accepted.withLock { $0 } }

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound, Glibc.listen(fd, 128) == 0 else {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        descriptor = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in acceptLoop() }.start()
    }

    /// Wakes the blocked accept (Linux returns EINVAL after shutdown), waits for the loop to end, closes.
    func stop() {
        stopping.withLock { $0 = true }
        shutdown(descriptor, Int32(SHUT_RDWR))
        let deadline = Date().addingTimeInterval(5)
        while !finished.withLock({ $0 }), Date() < deadline { usleep(1_000) }
        close(descriptor)
    }

    private func acceptLoop() {
        defer { finished.withLock { $0 = true } }
        while true {
            let connection = accept(descriptor, nil, nil)
            if connection >= 0 {
                accepted.withLock { $0 += 1 }
                close(connection)
            } else if stopping.withLock({ $0 }) {
                return
            } else {
                usleep(1_000)  // EINTR or a transient error: keep listening
            }
        }
    }
}
