import Foundation
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
    /// An interval after the schedule ended (the drain, or after an abort) has no target: the
    /// schedule asked for nothing then.
    init(_ point: TimeSeriesPoint, scheduleEndSeconds: Double) {
        self.init(
            elapsedSeconds: point.elapsedSeconds, intervalSeconds: point.intervalSeconds, targetRate: point.targetRate,
            requestRate: point.requestRate, requests: point.requests, errors: point.errors,
            p50Ms: point.p50Ms, p95Ms: point.p95Ms, p99Ms: point.p99Ms, inFlight: point.inFlight
        )
        if !isWithinSchedule(endingAt: scheduleEndSeconds) { targetRate = 0 }
    }
}

extension RunStop {
    init(_ reason: StopReason) {
        switch reason {
        case .aborted(let cause): self.init(kind: .aborted, cause: cause)
        case .interrupted: self.init(kind: .interrupted)
        }
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
        self.init(defaults.connection, verifyTLS: defaults.verifyTLS)
    }

    init?(_ connection: ConnectionSettings, verifyTLS: Bool) {
        let unusual = !verifyTLS || connection.caFile != nil || connection.minTLSVersion != nil
            || connection.clientCertificate != nil || !connection.resolve.isEmpty || !connection.connectTo.isEmpty
            || connection.httpVersion != .negotiated
        guard unusual else { return nil }
        self.init(
            tlsVerified: verifyTLS, caFile: connection.caFile, minTLSVersion: connection.minTLSVersion?.rawValue,
            clientCertificate: connection.clientCertificate == nil ? nil : true,
            resolve: connection.resolve.isEmpty ? nil : connection.resolve,
            connectTo: connection.connectTo.isEmpty ? nil : connection.connectTo,
            httpVersion: connection.httpVersion == .negotiated ? nil : connection.httpVersion.rawValue
        )
    }
}

extension TargetInfo {
    /// A plan target as the report names it: credentials stripped, its own connection settings when it has any.
    init(_ target: Target, defaults: Defaults) {
        self.init(
            name: target.name, url: URLCredentials.strip(target.baseURL),
            connection: target.connection.flatMap { $0 == defaults.connection ? nil : ConnectionInfo($0, verifyTLS: defaults.verifyTLS) })
    }
}

extension ObservedTLS {
    init(_ observation: TLSObservation, at instant: Date) {
        self.init(
            version: observation.version, subject: observation.subject, issuer: observation.issuer,
            notAfter: observation.notAfter.map(UTCTimestamp.rfc3339Seconds),
            daysLeft: observation.notAfter.map { ($0.timeIntervalSince(instant) / 86_400 * 10).rounded() / 10 },
            subjectAlternativeNames: observation.subjectAlternativeNames.isEmpty ? nil : observation.subjectAlternativeNames)
    }
}

extension StepMeasurements {
    /// Responses by HTTP version, for the report; nil when none came.
    var httpVersionCounts: [String: UInt64]? {
        let counts = httpVersions.byName
        return counts.isEmpty ? nil : counts
    }
}
