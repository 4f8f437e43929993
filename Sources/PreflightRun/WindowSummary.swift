import PreflightEngine
import PreflightMetrics

/// One closed window of a watched run (the shortest window of the plan's windowed thresholds):
/// what a CI log prints as a plain line and the stream file records, so a rollback decision can
/// be read minute by minute.
public struct WindowSummary: Sendable, Equatable, Codable {
    /// From 1.
    public var index: Int
    /// Seconds from the start of the run.
    public var startSeconds: Double
    public var endSeconds: Double
    public var requests: UInt64
    /// Failed requests over requests, 0 to 1; nil without requests.
    public var errorRate: Double?
    /// Latency from the intended send, milliseconds.
    public var p95Ms: Double?
    public var thresholds: [WindowThreshold]

    /// Each windowed threshold over its own latest window; `passed` nil until that window is full.
    public struct WindowThreshold: Sendable, Equatable, Codable {
        public var expression: String
        public var passed: Bool?
        public var summary: String
    }

    /// The window just closed at `elapsedSeconds`, if a new one did, from the monitor's view; with
    /// `now` (a window failed and the run stops), the window ending here, whether or not on a boundary.
    static func closing(at elapsedSeconds: Double, after lastIndex: Int, monitor: ThresholdMonitor, now: Bool = false) -> WindowSummary? {
        guard let length = monitor.shortestWindow, length > 0 else { return nil }
        let index = max(Int((elapsedSeconds + 0.05) / length), now ? lastIndex + 1 : 0)
        guard index > lastIndex, let figures = monitor.windowFigures(seconds: length) else { return nil }
        let thresholds = monitor.entries.enumerated().compactMap { position, entry -> WindowThreshold? in
            guard entry.threshold.window != nil else { return nil }
            let expression = entry.threshold.source.trimmingCharacters(in: .whitespaces)
            guard let outcome = monitor.latestWindows[position] else {
                return WindowThreshold(expression: expression, passed: nil, summary: "\(expression): window not yet full")
            }
            return WindowThreshold(expression: expression, passed: outcome.passed, summary: outcome.summary)
        }
        return WindowSummary(
            index: index, startSeconds: max(0, elapsedSeconds - length), endSeconds: elapsedSeconds, requests: figures.requests,
            errorRate: figures.errorRate, p95Ms: figures.p95Ms, thresholds: thresholds)
    }

    /// The CI log line: `window 3 (2:00-3:00): 264 requests, errors 0.38%, p95 45.2 ms; errors rate < 1% over 1m PASS; ...`.
    public var line: String {
        var text = "window \(index) (\(NumberText.clock(startSeconds))-\(NumberText.clock(endSeconds))): \(requests) requests"
        text += ", errors " + (errorRate.map(NumberText.percent) ?? "-")
        text += ", p95 " + (p95Ms.map(NumberText.milliseconds) ?? "-")
        for threshold in thresholds {
            text += "; \(threshold.expression) " + (threshold.passed.map { $0 ? "PASS" : "FAIL" } ?? "(window not yet full)")
        }
        return text
    }
}
