import PreflightEngine
import PreflightPlan
import PreflightReports

/// The only place engine results become report types: the report model owns its types, so a
/// saved report can be read, re-rendered, compared and merged without the engine.
extension FailureSample {
    init(_ step: StepResult, iteration: Int) {
        self.init(
            iteration: iteration, category: step.category?.rawValue ?? "", requestLine: step.requestLine,
            status: step.status, failures: step.failures.map(FailedCheck.init), transportMessage: step.transportMessage,
            responseExcerpt: step.responseExcerpt, responseHeaders: step.responseHeaders.isEmpty ? nil : step.responseHeaders
        )
    }
}

extension FailedCheck {
    init(_ failure: ExpectationFailure) {
        self.init(subject: failure.subject, expected: failure.expected, actual: failure.actual)
    }
}

extension TimeSeriesSample {
    init(_ point: TimeSeriesPoint) {
        self.init(
            elapsedSeconds: point.elapsedSeconds, intervalSeconds: point.intervalSeconds, targetRate: point.targetRate,
            requestRate: point.requestRate, requests: point.requests, errors: point.errors,
            p50Ms: point.p50Ms, p95Ms: point.p95Ms, p99Ms: point.p99Ms, inFlight: point.inFlight
        )
    }
}

extension GeneratorUsage {
    init(_ usage: ProcessUsage) {
        self.init(cpuSeconds: usage.cpuSeconds, peakResidentBytes: usage.peakResidentBytes)
    }
}

extension ConnectionInfo {
    /// What the report says of the plan's connections; nil when they are the default ones.
    init?(_ defaults: Defaults) {
        let connection = defaults.connection
        let unusual = !defaults.verifyTLS || connection.caFile != nil || connection.minTLSVersion != nil
            || connection.clientCertificate != nil || !connection.resolve.isEmpty || !connection.connectTo.isEmpty
        guard unusual else { return nil }
        self.init(
            tlsVerified: defaults.verifyTLS, caFile: connection.caFile, minTLSVersion: connection.minTLSVersion?.rawValue,
            clientCertificate: connection.clientCertificate == nil ? nil : true,
            resolve: connection.resolve.isEmpty ? nil : connection.resolve,
            connectTo: connection.connectTo.isEmpty ? nil : connection.connectTo
        )
    }
}
