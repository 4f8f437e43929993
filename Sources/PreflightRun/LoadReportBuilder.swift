import Foundation
import PreflightEngine
import PreflightReports
import PreflightMetrics
import PreflightPlan

/// Builds the report data of a load run from the engine's measurements and the verdict inputs.
public struct LoadReportBuilder: Sendable {
    public var planFile: String
    public var planBytes: [UInt8]
    public var profile: String

    public init(planFile: String, planBytes: [UInt8], profile: String) {
        self.planFile = planFile
        self.planBytes = planBytes
        self.profile = profile
    }

    public func report(
        for result: LoadRunResult, thresholds: [ThresholdResult], validity: RunValidity, usage: ProcessUsage
    ) -> RunReport {
        let plan = result.plan
        let flows = plan.flows.enumerated().map { flowIndex, flow in
            let measured = result.measurements.flows[flowIndex]
            let steps = flow.steps.enumerated().map { stepIndex, step in
                let stepMeasurements = measured.steps[stepIndex]
                let stats = stepMeasurements.statistics
                return StepReport(
                    name: step.name, requests: stats.count, skipped: 0, results: Self.results(stats),
                    latency: stats.total.summary, correctedLatency: stepMeasurements.corrected.summary,
                    phases: PhaseSummaries(dns: stats.dns.summary, connect: stats.connect.summary, tls: stats.tls.summary, firstByte: stats.firstByte.summary),
                    checksTotal: stepMeasurements.checksTotal, checksPassed: stepMeasurements.checksPassed,
                    failureSamples: result.failureSamples.filter { $0.flow == flow.name && $0.stepIndex == stepIndex }.map { FailureSample($0, iteration: $0.iteration) },
                    histograms: LatencyHistograms(service: HistogramEncoding(stats.total), corrected: HistogramEncoding(stepMeasurements.corrected)),
                    httpVersions: stepMeasurements.httpVersionCounts,
                    tls: stepMeasurements.tls.map { ObservedTLS($0, at: result.endedAt) }
                )
            }
            return FlowReport(name: flow.name, iterations: Int(measured.iterations), passedIterations: Int(measured.passedIterations), steps: steps, duration: measured.duration.summary)
        }
        let overall = result.measurements.overall
        let schedule = result.schedule
        let maxInFlight: Int? = if case .arrivalRate(_, let cap) = result.executor { cap } else { nil }
        let load = LoadSection(
            model: result.executor.isOpenModel ? "open" : "closed",
            executor: Self.describe(result.executor, spacing: result.spacing),
            plannedSeconds: result.executor.plannedSeconds,
            elapsedSeconds: result.elapsedSeconds,
            measuredSeconds: result.offeredSeconds,
            schedule: ScheduleReport(
                targetRate: schedule.targetRate, achievedStartRate: schedule.achievedStartRate,
                intendedIterations: schedule.intendedIterations, startedIterations: schedule.startedIterations,
                droppedIterations: schedule.droppedIterations, lag: schedule.lag.summary, maxInFlight: maxInFlight,
                unfinishedIterations: result.inFlightAtEnd
            ),
            validity: StoppedRunJudgement.validity(validity, stoppedEarly: result.stopSentence),
            generator: GeneratorUsage(usage),
            overall: OverallReport(
                requests: overall.statistics.count, failures: overall.statistics.failures,
                requestRate: result.rateSeconds > 0 ? Double(overall.statistics.count) / result.rateSeconds : 0,
                results: Self.results(overall.statistics), correctedLatency: overall.corrected.summary,
                serviceLatency: overall.statistics.total.summary,
                histograms: LatencyHistograms(service: HistogramEncoding(overall.statistics.total), corrected: HistogramEncoding(overall.corrected))
            ),
            timeSeries: result.timeSeries.map { TimeSeriesSample($0, scheduleEndSeconds: result.offeredSeconds) },
            stop: result.stopReason.map(RunStop.init)
        )
        return RunReport(
            run: RunInfo(
                planName: plan.name, planFile: planFile, planSHA256: SHA256.hex(of: planBytes), profile: profile,
                mode: "load", startedAt: SmokeReportBuilder.timestamp(result.startedAt), endedAt: SmokeReportBuilder.timestamp(result.endedAt),
                durationSeconds: result.elapsedSeconds, connection: ConnectionInfo(plan.defaults)
            ),
            targets: plan.targets.values.sorted { $0.name < $1.name }.map { TargetInfo($0, defaults: plan.defaults) },
            verdict: LoadVerdict.decide(stopReason: result.stopReason, validity: validity, thresholds: thresholds),
            flows: flows,
            thresholds: thresholds,
            load: load,
            provenance: .current(corrected: true)
        )
    }

    static func results(_ statistics: RequestStatistics) -> [String: UInt64] {
        Dictionary(uniqueKeysWithValues: statistics.countsByCategory.filter { $0.value > 0 }.map { ($0.key.rawValue, $0.value) })
    }

    /// The load in words; Poisson arrivals are named, since their target is the draw of a seed.
    public static func describe(_ executor: LoadShape, spacing: ArrivalSpacing = .even) -> String {
        guard case .poisson(let seed) = spacing, executor.isOpenModel else { return shape(executor) }
        return shape(executor) + ", poisson arrivals (seed \(seed))"
    }

    private static func shape(_ executor: LoadShape) -> String {
        switch executor {
        case .arrivalRate(let curve, let cap):
            if curve.segments.count == 1, let only = curve.segments.first, only.startRate == only.endRate {
                return String(format: "constant arrival rate %g/s for %gs (max %d in flight)", only.startRate, only.seconds, cap)
            }
            let stages = curve.segments.map { String(format: "%g→%g/s over %gs", $0.startRate, $0.endRate, $0.seconds) }
            return "ramping arrival rate: " + stages.joined(separator: ", ") + " (max \(cap) in flight)"
        case .virtualUsers(let users, let duration, let thinkTime):
            return String(format: "%d virtual users for %gs, think time %gs", users, duration.seconds, thinkTime.seconds)
        }
    }
}
