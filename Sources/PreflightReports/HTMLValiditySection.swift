import PreflightMetrics
/// Whether the load run measured the target or only the generator's own limits: the schedule
/// asked for against what was started, dropped iterations, scheduler lag and what the generator
/// itself consumed. A run that could not keep its schedule reports latencies that are too kind.
enum HTMLValiditySection {
    static func render(_ load: LoadSection) -> String {
        let schedule = load.schedule
        var rows: [(String, String)] = [
            ("verdict", load.validity.notJudged.map { "not judged: " + $0 }
                ?? (load.validity.valid ? "valid: the generator kept up" : "invalid: the figures do not describe the target")),
            ("model", "\(load.model) (\(load.executor))"),
            ("duration", "\(NumberText.seconds(load.elapsedSeconds)) of \(NumberText.seconds(load.plannedSeconds)) planned"),
        ]
        if load.model == "open" {
            let share = schedule.targetRate > 0 ? String(format: " (%.1f%% of target)", schedule.achievedStartRate / schedule.targetRate * 100) : ""
            rows.append(("start rate", "target \(NumberText.perSecond(schedule.targetRate)), achieved \(NumberText.perSecond(schedule.achievedStartRate))\(share)"))
            let dropped = schedule.intendedIterations > 0
                ? " (\(NumberText.percent(Double(schedule.droppedIterations) / Double(schedule.intendedIterations))))" : ""
            rows.append(("iterations", "\(schedule.intendedIterations) intended, \(schedule.startedIterations) started, \(schedule.droppedIterations) dropped\(dropped)"))
            let lag = [schedule.lag.p50Ms, schedule.lag.p99Ms, schedule.lag.maxMs].map(NumberText.milliseconds).joined(separator: " / ")
            rows.append(("scheduler lag p50 / p99 / max", schedule.lag.count > 0 ? lag : "-"))
        } else {
            rows.append(("iterations", "\(schedule.startedIterations) started"))
        }
        if let cap = schedule.maxInFlight { rows.append(("max in flight", "\(cap)")) }
        let cpuShare = load.elapsedSeconds > 0 ? String(format: " (%.0f%% of one core)", load.generator.cpuSeconds / load.elapsedSeconds * 100) : ""
        rows.append(("generator CPU", String(format: "%.2f s", load.generator.cpuSeconds) + cpuShare))
        rows.append(("generator peak memory", NumberText.mebibytes(load.generator.peakResidentBytes)))
        var html = "<section id=\"validity\">\n<h2>Run validity</h2>\n<table class=\"validity\">\n<tbody>\n"
        html += rows.map { "<tr><th>\($0.0.htmlEscaped)</th><td>\($0.1.htmlEscaped)</td></tr>\n" }.joined()
        html += "</tbody>\n</table>\n"
        if !load.validity.causes.isEmpty {
            html += "<ul class=\"causes\">\n" + load.validity.causes.map { "<li>\($0.htmlEscaped)</li>\n" }.joined() + "</ul>\n"
        }
        return html + "</section>\n"
    }
}
