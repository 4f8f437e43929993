import Foundation
import PreflightEngine
import PreflightReports
import PreflightMetrics
import PreflightPlan

/// Builds the report data of a smoke run; the only place that knows both engine results and report shape.
public struct SmokeReportBuilder: Sendable {
    /// Failed requests kept per step: enough to see a pattern, few enough to keep reports small.
    public static let samplesPerStep = 3

    public var planFile: String
    public var planBytes: [UInt8]
    public var profile: String

    public init(planFile: String, planBytes: [UInt8], profile: String) {
        self.planFile = planFile
        self.planBytes = planBytes
        self.profile = profile
    }

    public func report(for result: SmokeRunResult, startedAt: Date, endedAt: Date) -> RunReport {
        let plan = result.plan
        let measurements = result.measurements()
        let flows = zip(result.plan.flows, measurements.flows).map { flow, flowMeasurements in
            let iterations = result.iterations.filter { $0.flow == flow.name }
            let steps = zip(flow.steps, flowMeasurements.steps).map { step, stepMeasurements in
                let stats = stepMeasurements.statistics
                let stepResults = iterations.compactMap { iteration in
                    iteration.steps.first { $0.step == step.name }.map { (iteration.iteration, $0) }
                }
                return StepReport(
                    name: step.name,
                    requests: stats.count,
                    skipped: stepResults.filter { $0.1.outcome == .skipped }.count,
                    results: Dictionary(uniqueKeysWithValues: stats.countsByCategory.filter { $0.value > 0 }.map { ($0.key.rawValue, $0.value) }),
                    latency: stats.total.summary,
                    phases: PhaseSummaries(dns: stats.dns.summary, connect: stats.connect.summary, tls: stats.tls.summary, firstByte: stats.firstByte.summary),
                    failureSamples: stepResults.filter { $0.1.outcome == .failed }.prefix(Self.samplesPerStep).map { iteration, step in FailureSample(step, iteration: iteration) },
                    histograms: LatencyHistograms(service: HistogramEncoding(stats.total)),
                    httpVersions: stepMeasurements.httpVersionCounts,
                    tls: stepMeasurements.tls.map { ObservedTLS($0, at: endedAt) }
                )
            }
            return FlowReport(name: flow.name, iterations: iterations.count, passedIterations: iterations.filter(\.passed).count, steps: steps)
        }
        return RunReport(
            run: RunInfo(
                planName: result.plan.name, planFile: planFile, planSHA256: SHA256.hex(of: planBytes), profile: profile,
                mode: "smoke", startedAt: Self.timestamp(startedAt), endedAt: Self.timestamp(endedAt),
                durationSeconds: endedAt.timeIntervalSince(startedAt), connection: ConnectionInfo(result.plan.defaults)
            ),
            targets: result.plan.targets.values.sorted { $0.name < $1.name }.map { TargetInfo($0, defaults: plan.defaults) },
            verdict: verdict(for: result),
            flows: flows,
            provenance: .current(corrected: false)
        )
    }

    private func verdict(for result: SmokeRunResult) -> Verdict {
        let failedSteps = result.iterations.flatMap(\.steps).filter { $0.outcome == .failed }
        if result.interrupted {
            let ran = result.iterations.count
            return Verdict(status: .interrupted, exitCode: 130, reasons: [
                "The smoke run was interrupted after \(ran) flow run\(ran == 1 ? "" : "s"); flows not run were not checked."
            ] + failedSteps.map(StepLineFormatter.reason))
        }
        guard !failedSteps.isEmpty else {
            let steps = result.iterations.reduce(0) { $0 + $1.steps.count }
            return Verdict(status: .passed, exitCode: 0, reasons: ["All \(steps) steps of \(result.iterations.count) flow runs passed."])
        }
        return Verdict(status: .failed, exitCode: 1, reasons: failedSteps.map(StepLineFormatter.reason))
    }

    static func timestamp(_ date: Date) -> String {
        UTCTimestamp.rfc3339(date)
    }
}
