import ArgumentParser
import Foundation
import PreflightPlan

/// How connections are made, from the command line, over the plan's `defaults.tls`, `resolve` and
/// `connectTo`: what testing a staging deployment behind a private CA, or a new load balancer
/// before its DNS cutover, needs without editing the plan.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Trust the CAs in this PEM file instead of the system's (also $CURL_CA_BUNDLE, $SSL_CERT_FILE).", valueName: "file"))
    var cacert: String?

    @Flag(help: "Do not verify TLS certificates or host names. Printed loudly; for throwaway test environments only.")
    var insecure = false

    @Option(name: .customLong("tls-min"), help: ArgumentHelp("The lowest TLS version accepted: 1.2 or 1.3.", valueName: "version"))
    var tlsMin: String?

    @Option(help: ArgumentHelp("Client certificate (PEM) for servers that require mutual TLS.", valueName: "file"))
    var cert: String?

    @Option(help: ArgumentHelp("Private key (PEM) of --cert.", valueName: "file"))
    var key: String?

    @Option(help: ArgumentHelp("Send HOST:PORT to ADDRESS, keeping the name for Host, SNI and certificate checks (repeatable).", valueName: "host:port:address"))
    var resolve: [String] = []

    @Option(help: ArgumentHelp("The HTTP version to speak to every target: 1.1, 2 (required) or negotiated.", valueName: "version"))
    var http: String?

    @Option(name: .customLong("connect-to"), help: ArgumentHelp("Connect to CONNECT-HOST:CONNECT-PORT for requests to HOST:PORT (repeatable).", valueName: "host:port:connect-host:connect-port"))
    var connectTo: [String] = []

    func validate() throws {
        if let tlsMin, TLSVersion(rawValue: tlsMin) == nil { throw ValidationError("--tls-min expects 1.2 or 1.3, got '\(tlsMin)'") }
        if let http, HTTPVersionChoice(rawValue: http) == nil { throw ValidationError("--http expects 1.1, 2 or negotiated, got '\(http)'") }
        for entry in resolve {
            if let problem = ConnectionOverride.problem(with: entry, parts: 3) { throw ValidationError("--resolve '\(entry)': \(problem)") }
        }
        for entry in connectTo {
            if let problem = ConnectionOverride.problem(with: entry, parts: 4) { throw ValidationError("--connect-to '\(entry)': \(problem)") }
        }
        if (cert == nil) != (key == nil), key != nil { throw ValidationError("--key needs --cert") }
    }

    /// The plan with these options on top, for the defaults and every target with settings of its
    /// own. The CA file comes from `--cacert`, else the plan, else `$CURL_CA_BUNDLE` or
    /// `$SSL_CERT_FILE`, as curl's own tool reads them.
    func apply(to plan: Plan, environment: [String: String] = ProcessInfo.processInfo.environment) -> Plan {
        var plan = plan
        func applied(_ original: ConnectionSettings) -> ConnectionSettings {
            var connection = original
            connection.caFile = cacert ?? connection.caFile ?? environment["CURL_CA_BUNDLE"] ?? environment["SSL_CERT_FILE"]
            connection.minTLSVersion = tlsMin.flatMap(TLSVersion.init(rawValue:)) ?? connection.minTLSVersion
            connection.clientCertificate = cert ?? connection.clientCertificate
            connection.clientKey = key ?? connection.clientKey
            connection.resolve += resolve
            connection.connectTo += connectTo
            connection.httpVersion = http.flatMap(HTTPVersionChoice.init(rawValue:)) ?? connection.httpVersion
            return connection
        }
        plan.defaults.connection = applied(plan.defaults.connection)
        plan.targets = plan.targets.mapValues { target in
            var target = target
            target.connection = target.connection.map(applied)
            return target
        }
        if insecure { plan.defaults.verifyTLS = false }
        return plan
    }

    /// The warning an `--insecure` run prints before and after it, so no log hides it.
    var insecureWarning: String? {
        insecure ? "WARNING: --insecure: TLS certificates and host names are NOT verified; this run proves nothing about TLS." : nil
    }

    /// Prints the `--insecure` warning again after the summary; returns `status` unchanged.
    func remindIfInsecure(_ status: ExitCode) -> ExitCode {
        if let insecureWarning { Console.error(insecureWarning) }
        return status
    }
}
