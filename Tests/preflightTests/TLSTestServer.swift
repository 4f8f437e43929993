import Foundation
import Glibc

/// Certificates made at test time with Debian's `openssl`: a test CA, leaf certificates it signs
/// for given names (server or client), and a self-signed one. Nothing is committed or reused.
final class TestPKI {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                          "-keyout", path("ca.key"), "-out", path("ca.pem"), "-subj", "/CN=Preflight Test CA",
                          "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    var caFile: String { path("ca.pem") }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A certificate and key signed by the test CA for `names` (DNS names, or IPs written `IP:...`).
    func leaf(_ name: String, for names: [String], days: Int = 2) throws -> (certificate: String, key: String) {
        let alternatives = names.map { $0.hasPrefix("IP:") ? $0 : "DNS:\($0)" }.joined(separator: ",")
        try Self.openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("\(name).key"), "-out", path("\(name).csr"),
                          "-subj", "/CN=\(names.first ?? name)"])
        try "subjectAltName=\(alternatives)\n".write(toFile: path("\(name).ext"), atomically: true, encoding: .utf8)
        try Self.openssl(["x509", "-req", "-in", path("\(name).csr"), "-CA", caFile, "-CAkey", path("ca.key"), "-CAcreateserial",
                          "-out", path("\(name).pem"), "-days", String(days), "-extfile", path("\(name).ext")])
        return (path("\(name).pem"), path("\(name).key"))
    }

    /// A certificate that signs itself, trusted by nobody.
    func selfSigned(for names: [String]) throws -> (certificate: String, key: String) {
        let alternatives = names.map { $0.hasPrefix("IP:") ? $0 : "DNS:\($0)" }.joined(separator: ",")
        try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", path("self.key"),
                          "-out", path("self.pem"), "-subj", "/CN=\(names.first ?? "self")", "-addext", "subjectAltName=\(alternatives)"])
        return (path("self.pem"), path("self.key"))
    }

    static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw POSIXError(.EIO) }
    }
}

/// `openssl s_server` answering HTTP on 127.0.0.1 with the given certificate and any extra options
/// (`-tls1_2` to cap the version, `-Verify 1 -CAfile ca.pem` to require a client certificate).
final class TLSTestServer {
    let port: UInt16
    private let process = Process()

    var url: String { "https://127.0.0.1:\(port)" }

    init(certificate: String, key: String, options: [String] = []) throws {
        let probe = try FaultServer { _ in }
        port = probe.port
        probe.stop()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_server", "-accept", "127.0.0.1:\(port)", "-cert", certificate, "-key", key, "-www", "-quiet"] + options
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !Self.accepts(port) { Thread.sleep(forTimeInterval: 0.05) }
    }

    /// Kills and reaps the server by its pid: Foundation's `terminate`/`waitUntilExit` can wait
    /// forever when called from an async test, which runs no run loop to see the exit.
    func stop() {
        let pid = process.processIdentifier
        guard pid > 0, kill(pid, SIGKILL) == 0 else { return }
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    private static func accepts(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
