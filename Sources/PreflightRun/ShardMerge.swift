import Foundation
import PreflightEngine
import PreflightMetrics
import PreflightPlan
import PreflightReports

/// Adds the shard reports of one split run up into the report of the whole run, judged as one.
///
/// Histograms and counts are added exactly (HDR histograms merge losslessly; percentiles are never
/// averaged), intervals are lined up on the wall clock, and the merged run goes through the same
/// judging path as a single run: windowed thresholds replayed interval by interval, the others on
/// the whole, validity on the union. A threshold every shard passes can therefore fail the merge,
/// as it would have failed on one machine. A missing, duplicated, late or lagging shard makes the
/// merged run invalid, naming the shard.
public struct ShardMerge {
    /// One shard report and the file it came from.
    public struct Input: Sendable {
        public var file: String
        public var report: RunReport
        public init(file: String, report: RunReport) {
            self.file = file
            self.report = report
        }
    }

    public var plan: Plan
    public var planFile: String
    public var planBytes: [UInt8]

    public init(plan: Plan, planFile: String, planBytes: [UInt8]) {
        self.plan = plan
        self.planFile = planFile
        self.planBytes = planBytes
    }

    /// The merged report, or why these reports cannot be merged (nothing is judged then).
    public func merge(_ inputs: [Input]) throws(MergeRefusal) -> RunReport {
        let shards = try checked(inputs)
        let stepCounts = plan.flows.map(\.steps.count)
        var decoded: [(input: Input, record: ShardRecord, measurements: LoadMeasurements, start: Date)] = []
        for (input, record) in shards {
            guard let measurements = record.measurements.measurements(stepCounts: stepCounts),
                  let start = ShardTime.date(record.scheduleStart) else {
                throw MergeRefusal("\(input.file) does not match the flows and steps of \(planFile)")
            }
            decoded.append((input, record, measurements, start))
        }
        guard let first = decoded.first, let executor = first.record.loadShape else {
            throw MergeRefusal("\(inputs.first?.file ?? "the first report") does not say what load it offered")
        }
        let count = first.record.count

        var measurements = LoadMeasurements(stepCounts: stepCounts)
        var schedule = ScheduleStatistics()
        for shard in decoded {
            measurements.merge(shard.measurements)
            schedule.add(shard.record.schedule.statistics)
        }
        // The target is the sum of the parts' targets, each what its own drawn schedule asked for.
        let startedAt = decoded.map(\.start).min() ?? Date()
        let endedAt = decoded.map { $0.start.addingTimeInterval($0.record.elapsedSeconds) }.max() ?? startedAt
        let intervals = Self.alignedIntervals(decoded.map { ($0.record, $0.start) }, from: startedAt, stepCounts: stepCounts)

        let session = LoadSession(
            plan: plan, planFile: planFile, planBytes: planBytes, profile: first.input.report.run.profile, executor: executor,
            spacing: first.record.spacing, connections: nil)
        var monitor = ThresholdMonitor(plan: plan, entries: session.thresholdEntries())
        var total = LoadMeasurements(stepCounts: stepCounts)
        for interval in intervals where interval.point.elapsedSeconds <= executor.plannedSeconds + 0.5 {
            total.merge(interval.measurements)
            _ = monitor.add(
                interval: interval.measurements, seconds: interval.point.intervalSeconds, total: total,
                elapsedSeconds: interval.point.elapsedSeconds, schedule: interval.schedule)
        }
        let result = LoadRunResult(
            plan: plan, executor: executor, spacing: first.record.spacing, startedAt: startedAt, endedAt: endedAt, elapsedSeconds: endedAt.timeIntervalSince(startedAt),
            measurements: measurements, timeSeries: intervals.map(\.point), schedule: schedule, failureSamples: [],
            stopReason: Self.stopReason(decoded.map(\.record)), inFlightAtEnd: decoded.reduce(0) { $0 + $1.record.inFlightAtEnd })
        let usage = ProcessUsage(
            cpuSeconds: decoded.reduce(0) { $0 + ($1.input.report.load?.generator.cpuSeconds ?? 0) },
            peakResidentBytes: decoded.map { $0.input.report.load?.generator.peakResidentBytes ?? 0 }.max() ?? 0)
        var report = session.judge(result, monitor: monitor, usage: usage, extraCauses: Self.shardCauses(decoded.map(\.record), count: count))
        report.flows = Self.withFailureSamples(report.flows, from: decoded.map(\.input.report))
        report.merged = MergeInfo(shards: count, reports: decoded.map {
            MergedShard(file: $0.input.file, shard: "\($0.record.index)/\($0.record.count)", lateSeconds: $0.record.lateSeconds)
        })
        return report
    }

    /// Refuses what cannot be one run: not shard reports, another plan, profile or shard count.
    private func checked(_ inputs: [Input]) throws(MergeRefusal) -> [(Input, ShardRecord)] {
        guard !inputs.isEmpty else { throw MergeRefusal("no shard reports were given") }
        let planSHA256 = SHA256.hex(of: planBytes)
        var checked: [(Input, ShardRecord)] = []
        for input in inputs {
            guard let shard = input.report.shard else {
                throw MergeRefusal("\(input.file) is not a shard report (it was not run with --shard I/N)")
            }
            guard input.report.run.planSHA256 == planSHA256 else {
                throw MergeRefusal(
                    "\(input.file) was made from another plan (SHA-256 \(input.report.run.planSHA256.prefix(12))…, "
                        + "\(planFile) is \(planSHA256.prefix(12))…)")
            }
            if let (firstInput, firstShard) = checked.first {
                guard input.report.run.profile == firstInput.report.run.profile else {
                    throw MergeRefusal("\(input.file) ran profile '\(input.report.run.profile)', \(firstInput.file) ran '\(firstInput.report.run.profile)'")
                }
                guard shard.count == firstShard.count else {
                    throw MergeRefusal("\(input.file) is a shard of \(shard.count), \(firstInput.file) a shard of \(firstShard.count)")
                }
                guard shard.shape == firstShard.shape else {
                    throw MergeRefusal("\(input.file) offered another load than \(firstInput.file) (a different --rate, --duration or --vus)")
                }
            }
            checked.append((input, shard))
        }
        return checked
    }

    /// Why the union is not the whole run: shards missing or run twice, and each shard that was
    /// itself invalid (late, lagging, dropping), by name.
    static func shardCauses(_ records: [ShardRecord], count: Int) -> [String] {
        var causes: [String] = []
        let indices = records.map(\.index)
        let missing = (1...max(count, 1)).filter { !indices.contains($0) }
        if !missing.isEmpty {
            causes.append("shard \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing: the merged run is not the whole schedule")
        }
        let duplicated = Set(indices.filter { index in indices.filter { $0 == index }.count > 1 }).sorted()
        if !duplicated.isEmpty {
            causes.append("shard \(duplicated.map { "\($0)/\(count)" }.joined(separator: ", ")) given more than once: its load was offered twice")
        }
        for record in records.sorted(by: { $0.index < $1.index }) {
            let open = record.shape.segments != nil
            let validity = RunValidity.evaluate(record.schedule.statistics, openModel: open, maxInFlight: record.shape.maxInFlight)
            guard !validity.isValid else { continue }
            var reasons = validity.causes
            if record.lateSeconds > 0.05 {
                reasons.insert(String(format: "started %.2f s after the shared start time", record.lateSeconds), at: 0)
            }
            causes.append("shard \(record.index)/\(record.count): " + reasons.joined(separator: "; "))
        }
        return causes
    }

    private static func stopReason(_ records: [ShardRecord]) -> StopReason? {
        if records.contains(where: { $0.stopReason == "interrupted" }) { return .interrupted }
        if let aborted = records.first(where: { $0.stopReason?.hasPrefix("aborted") == true }) {
            return .aborted("shard \(aborted.index)/\(aborted.count) \(aborted.stopReason ?? "aborted")")
        }
        return nil
    }

    /// The shards' intervals added up per wall-clock slot (the shared start makes them line up;
    /// without it, each interval goes to the slot whose end is nearest its own). A shard's schedule counts
    /// are running totals, so a slot it has no interval in carries its latest ones forward.
    static func alignedIntervals(_ shards: [(record: ShardRecord, start: Date)], from origin: Date, stepCounts: [Int]) -> [RecordedInterval] {
        struct Slot {
            var measurements: LoadMeasurements
            var seconds: Double = 0
            var targetRate: Double = 0
            var inFlight = 0
        }
        var slots: [Int: Slot] = [:]
        var schedulesBySlot: [[Int: ScheduleStatistics]] = []
        for (record, start) in shards {
            let offset = start.timeIntervalSince(origin)
            var schedules: [Int: ScheduleStatistics] = [:]
            for interval in record.intervals {
                let slot = max(0, Int((offset + interval.elapsedSeconds).rounded()) - 1)
                guard let measurements = interval.measurements.measurements(stepCounts: stepCounts) else { continue }
                var entry = slots[slot] ?? Slot(measurements: LoadMeasurements(stepCounts: stepCounts))
                entry.measurements.merge(measurements)
                entry.seconds = max(entry.seconds, interval.intervalSeconds)
                entry.targetRate += interval.targetRate
                entry.inFlight += interval.inFlight
                slots[slot] = entry
                schedules[slot] = interval.schedule.statistics
            }
            schedulesBySlot.append(schedules)
        }
        var latest = Array(repeating: ScheduleStatistics(), count: shards.count)
        return slots.keys.sorted().compactMap { slot in
            guard let entry = slots[slot] else { return nil }
            var schedule = ScheduleStatistics()
            for index in shards.indices {
                if let current = schedulesBySlot[index][slot] { latest[index] = current }
                schedule.add(latest[index])
            }
            let elapsed = Double(slot) + entry.seconds
            let point = TimeSeriesPoint(
                interval: entry.measurements, elapsedSeconds: elapsed, intervalSeconds: entry.seconds,
                targetRate: entry.targetRate, inFlight: entry.inFlight)
            return RecordedInterval(point: point, measurements: entry.measurements, schedule: schedule)
        }
    }

    /// Each step's failure samples from every shard, a few per step.
    private static func withFailureSamples(_ flows: [FlowReport], from reports: [RunReport]) -> [FlowReport] {
        flows.enumerated().map { flowIndex, flow in
            var flow = flow
            flow.steps = flow.steps.enumerated().map { stepIndex, step in
                var step = step
                let samples = reports.flatMap { report in
                    report.flows.indices.contains(flowIndex) && report.flows[flowIndex].steps.indices.contains(stepIndex)
                        ? report.flows[flowIndex].steps[stepIndex].failureSamples : []
                }
                step.failureSamples = Array(samples.prefix(samplesPerStep))
                return step
            }
            return flow
        }
    }

    static let samplesPerStep = 9
}

/// Why reports cannot be merged; the command exits 2 and judges nothing.
public struct MergeRefusal: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) {
        self.description = description
    }
}
