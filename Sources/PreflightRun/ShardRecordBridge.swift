import Foundation
import PreflightEngine
import PreflightMetrics
import PreflightReports

/// Engine measurements to a shard's lossless record and back: what `--shard` writes and
/// `preflight merge` reads. Both directions live here, so a field added to one is seen in the other.
extension ShardRecord {
    init(_ result: LoadRunResult, startAt: Date?) {
        let seed: UInt64? = if case .poisson(let seed) = result.spacing { seed } else { nil }
        let shape: LoadShapeRecord = switch result.executor {
        case .arrivalRate(let curve, let cap):
            LoadShapeRecord(segments: curve.segments.map { [$0.startRate, $0.endRate, $0.seconds] }, maxInFlight: cap, poissonSeed: seed)
        case .virtualUsers(let users, let duration, let thinkTime):
            LoadShapeRecord(users: users, durationSeconds: duration.seconds, thinkTimeSeconds: thinkTime.seconds)
        }
        let flowCount = result.plan.flows.count
        let stopReason: String? = switch result.stopReason {
        case nil: nil
        case .interrupted: "interrupted"
        case .aborted(let why): "aborted: \(why)"
        }
        self.init(
            index: result.shard.index + 1, count: result.shard.count, startAt: startAt.map(SmokeReportBuilder.timestamp), lateSeconds: result.lateSeconds,
            scheduleStart: SmokeReportBuilder.timestamp(result.startedAt), elapsedSeconds: result.elapsedSeconds, inFlightAtEnd: result.inFlightAtEnd,
            stopReason: stopReason, shape: shape, schedule: ScheduleRecord(result.schedule, flows: flowCount, withLag: true),
            measurements: MeasurementsRecord(result.measurements),
            intervals: result.intervals.map { interval in
                IntervalRecord(
                    elapsedSeconds: interval.point.elapsedSeconds, intervalSeconds: interval.point.intervalSeconds,
                    targetRate: interval.point.targetRate, inFlight: interval.point.inFlight,
                    measurements: MeasurementsRecord(interval.measurements),
                    schedule: ScheduleRecord(interval.schedule, flows: flowCount, withLag: false))
            })
    }

    /// How the arrivals were spaced.
    var spacing: ArrivalSpacing {
        shape.poissonSeed.map { .poisson(seed: $0) } ?? .even
    }

    /// The load shape of the whole run, as the plan and the command line made it.
    var loadShape: LoadShape? {
        if let segments = shape.segments, let cap = shape.maxInFlight {
            let curve = ArrivalCurve(segments: segments.compactMap { values in
                values.count == 3 ? ArrivalCurve.Segment(startRate: values[0], endRate: values[1], seconds: values[2]) : nil
            })
            return .arrivalRate(curve, maxInFlight: cap)
        }
        if let users = shape.users, let seconds = shape.durationSeconds {
            return .virtualUsers(users, duration: .seconds(seconds), thinkTime: .seconds(shape.thinkTimeSeconds ?? 0))
        }
        return nil
    }
}

extension ScheduleRecord {
    init(_ schedule: ScheduleStatistics, flows: Int, withLag: Bool) {
        self.init(
            intended: schedule.intendedIterations, started: schedule.startedIterations, dropped: schedule.droppedIterations,
            missed: schedule.missedIterations,
            intendedByFlow: (0..<flows).map { schedule.intendedByFlow[$0] ?? 0 },
            droppedByFlow: (0..<flows).map { schedule.droppedByFlow[$0] ?? 0 },
            lag: withLag ? HistogramEncoding(schedule.lag) : nil,
            scheduledSeconds: schedule.scheduledSeconds, targetRate: schedule.targetRate)
    }

    var statistics: ScheduleStatistics {
        var schedule = ScheduleStatistics()
        schedule.intendedIterations = intended
        schedule.startedIterations = started
        schedule.droppedIterations = dropped
        schedule.missedIterations = missed
        for (flow, count) in intendedByFlow.enumerated() where count > 0 { schedule.intendedByFlow[flow] = count }
        for (flow, count) in droppedByFlow.enumerated() where count > 0 { schedule.droppedByFlow[flow] = count }
        if let lag { schedule.lag = lag.histogram }
        schedule.scheduledSeconds = scheduledSeconds
        schedule.targetRate = targetRate
        return schedule
    }
}

extension MeasurementsRecord {
    init(_ measurements: LoadMeasurements) {
        self.init(flows: measurements.flows.map { flow in
            FlowRecord(
                iterations: flow.iterations, passedIterations: flow.passedIterations, duration: HistogramEncoding(flow.duration),
                steps: flow.steps.map { step in
                    let statistics = step.statistics
                    return StepRecord(
                        outcomes: step.outcomes.map { OutcomeRecord(status: $0.key.status, category: $0.key.category.rawValue, count: $0.value) }
                            .sorted { ($0.status, $0.category) < ($1.status, $1.category) },
                        service: HistogramEncoding(statistics.total), corrected: HistogramEncoding(step.corrected),
                        dns: HistogramEncoding(statistics.dns), connect: HistogramEncoding(statistics.connect),
                        tls: HistogramEncoding(statistics.tls), firstByte: HistogramEncoding(statistics.firstByte),
                        checksTotal: step.checksTotal, checksPassed: step.checksPassed, httpVersions: step.httpVersionCounts)
                })
        })
    }

    /// The measurements, shaped like `stepCounts`; nil when the record does not have that shape
    /// or names a category this build does not know.
    func measurements(stepCounts: [Int]) -> LoadMeasurements? {
        guard flows.map(\.steps.count) == stepCounts else { return nil }
        var result = LoadMeasurements(stepCounts: stepCounts)
        for (index, flow) in flows.enumerated() {
            var steps: [StepMeasurements] = []
            for record in flow.steps {
                var step = StepMeasurements()
                var counts: [ResultCategory: UInt64] = [:]
                for outcome in record.outcomes {
                    guard let category = ResultCategory(rawValue: outcome.category) else { return nil }
                    counts[category, default: 0] += outcome.count
                    step.outcomes[Outcome(status: outcome.status, category: category), default: 0] += outcome.count
                }
                step.statistics = RequestStatistics(
                    countsByCategory: counts, total: record.service.histogram, dns: record.dns.histogram,
                    connect: record.connect.histogram, tls: record.tls.histogram, firstByte: record.firstByte.histogram)
                step.corrected = record.corrected.histogram
                step.checksTotal = record.checksTotal
                step.checksPassed = record.checksPassed
                step.httpVersions = HTTPVersionCounts(byName: record.httpVersions ?? [:])
                steps.append(step)
            }
            result.flows[index] = FlowMeasurements(
                steps: steps, iterations: flow.iterations, passedIterations: flow.passedIterations, duration: flow.duration.histogram)
        }
        return result
    }
}

/// Instants of split runs, read back: shard records write them as the reports do (RFC 3339 in
/// UTC with milliseconds, `SmokeReportBuilder.timestamp`), so shards' intervals line up.
public enum ShardTime {
    /// `--start-at` or a record's time: RFC 3339 (with or without fractional seconds) or Unix seconds.
    public static func date(_ text: String) -> Date? {
        if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
