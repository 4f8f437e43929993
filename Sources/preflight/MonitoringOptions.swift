import ArgumentParser
import PreflightMetrics
import PreflightMonitoring

/// Live metrics of a load run for Prometheus: where to serve them and how long after the run.
struct MonitoringOptions: ParsableArguments {
    @Option(name: .customLong("metrics-listen"), help: ArgumentHelp(
        "Serve live metrics at http://ADDR:PORT/metrics (Prometheus text format) while the run lasts; a bare :PORT listens on 127.0.0.1 only.",
        valueName: "addr:port"))
    var metricsListen: String?

    @Option(name: .customLong("metrics-linger"), help: ArgumentHelp(
        "Keep serving the final values this long after the run, so the last scrape sees them (default 15s, one common scrape interval).",
        valueName: "duration"), transform: { text in
            guard let duration = DurationParser.parse(text), duration >= .zero else {
                throw ValidationError("--metrics-linger expects a duration such as 15s or 0s, got '\(text)'")
            }
            return duration
        })
    var metricsLinger: Duration = .seconds(15)

    func validate() throws {
        if let metricsListen, Self.address(metricsListen) == nil {
            throw ValidationError("--metrics-listen expects ADDR:PORT or :PORT, such as 127.0.0.1:9464; got '\(metricsListen)'")
        }
    }

    /// Host and port of `ADDR:PORT`, `[::1]:PORT` or `:PORT` (loopback).
    static func address(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}
