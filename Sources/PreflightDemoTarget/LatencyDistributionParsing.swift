import PreflightMetrics
extension LatencyDistribution {
    /// Parses the CLI spellings `none`, `20ms`, `fixed:20ms`, `uniform:10ms..30ms` and `lognormal:20ms,0.5`.
    public init(parsing text: String) throws(DemoTargetParseError) {
        let trimmed = text.trimmingWhitespace()
        guard let colon = trimmed.firstIndex(of: ":") else {
            if trimmed.lowercased() == "none" {
                self = .none
            } else {
                self = .fixed(try Self.parseDuration(trimmed, in: text))
            }
            return
        }
        let kind = trimmed[..<colon].lowercased()
        let arguments = String(trimmed[trimmed.index(after: colon)...])
        switch kind {
        case "fixed":
            self = .fixed(try Self.parseDuration(arguments, in: text))
        case "uniform":
            let bounds = arguments.split(separator: "..", omittingEmptySubsequences: false)
            guard bounds.count == 2 else {
                throw DemoTargetParseError("'\(text)': write a uniform latency as uniform:MIN..MAX, e.g. uniform:10ms..30ms")
            }
            let lower = try Self.parseDuration(bounds[0], in: text)
            let upper = try Self.parseDuration(bounds[1], in: text)
            guard lower <= upper else {
                throw DemoTargetParseError("'\(text)': the minimum of a uniform latency must not exceed its maximum")
            }
            self = .uniform(min: lower, max: upper)
        case "lognormal":
            let parts = arguments.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw DemoTargetParseError("'\(text)': write a log-normal latency as lognormal:MEDIAN,SIGMA, e.g. lognormal:20ms,0.5")
            }
            let median = try Self.parseDuration(parts[0], in: text)
            guard let sigma = Double(parts[1].trimmingWhitespace()), sigma.isFinite, sigma >= 0 else {
                throw DemoTargetParseError("'\(text)': the sigma of a log-normal latency must be a non-negative number")
            }
            self = .logNormal(median: median, sigma: sigma)
        default:
            throw DemoTargetParseError(
                "'\(text)' is not a latency; use none, 20ms, fixed:20ms, uniform:10ms..30ms or lognormal:20ms,0.5"
            )
        }
    }

    private static func parseDuration(_ part: some StringProtocol, in text: String) throws(DemoTargetParseError) -> Duration {
        do {
            return try DemoTargetParseError.duration(String(part))
        } catch {
            throw DemoTargetParseError("'\(text)': \(error.description)")
        }
    }
}
