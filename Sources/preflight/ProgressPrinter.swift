import Foundation
import PreflightEngine
import PreflightMetrics

/// Live progress of a load run: one line rewritten in place on a terminal, a plain line every
/// ten seconds in a CI log, nothing with `--quiet`.
struct ProgressPrinter: Sendable {
    enum Mode: Sendable {
        case terminal, log, quiet
    }

    let mode: Mode

    init(quiet: Bool) {
        mode = quiet ? .quiet : (isatty(STDOUT_FILENO) == 1 ? .terminal : .log)
    }

    func show(_ tick: LoadRunner.Tick) {
        switch mode {
        case .quiet:
            return
        case .terminal:
            FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + Self.line(tick)).utf8))
        case .log:
            if Self.logLineDue(elapsedSeconds: tick.point.elapsedSeconds, intervalSeconds: tick.point.intervalSeconds) {
                Console.out(Self.line(tick))
            }
        }
    }

    /// Ends the in-place line so the summary starts on a fresh one.
    func finish() {
        if mode == .terminal { Console.out("") }
    }

    /// Whether the interval ending at `elapsedSeconds` crossed a 10-second mark: CI logs get a line
    /// every ten seconds, however long the intervals.
    static func logLineDue(elapsedSeconds: Double, intervalSeconds: Double) -> Bool {
        Int(elapsedSeconds / 10) > Int((elapsedSeconds - intervalSeconds) / 10)
    }

    static func line(_ tick: LoadRunner.Tick) -> String {
        let point = tick.point
        let errors = tick.totalRequests > 0 ? Double(tick.totalFailures) / Double(tick.totalRequests) * 100 : 0
        let target = point.targetRate > 0 ? String(format: "target %.0f it/s, ", point.targetRate) : ""
        let clock = String(format: "[%4.0fs/%.0fs] ", point.elapsedSeconds, tick.plannedSeconds)
        let figures = String(format: "%.1f req/s, in flight %d, errors %.2f%%, p95 ", point.requestRate, point.inFlight, errors)
            + NumberText.milliseconds(tick.p95MsSoFar)
        return clock + target + figures
    }
}
