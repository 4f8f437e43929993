import Synchronization

/// Reads threshold expressions, reporting every problem in one at once.
///
/// The grammar, after k6's thresholds (spaces are allowed between the parts and inside a
/// selector; a unit is written right after its number):
///
/// ```
/// threshold   = metric [ selector ] aggregation comparator value [ window ]
/// metric      = "http_req_duration" | "http_req_service_duration" | "flow_duration"
///             | "http_req_dns" | "http_req_connect" | "http_req_tls" | "http_req_ttfb"
///             | "errors" | "requests" | "dropped_iterations" | "checks"
/// selector    = "{" filter { "," filter } "}"
/// filter      = key ":" text
/// key         = "flow" | "step" | "target" | "status" | "category"
/// text        = quoted | plain
/// quoted      = '"' { any character but '"' and '\' | '\' any character } '"'
/// plain       = any characters but ',' '}' '{' '"', without surrounding spaces
/// aggregation = "p(" number ")" | "p" number | "avg" | "min" | "max" | "rate" | "count"
/// comparator  = "<" | "<=" | ">" | ">=" | "==" | "!="
/// value       = number [ unit ]
/// unit        = "us" | "ms" | "s" | "%" | "/s" | "/m"
/// window      = "over" duration
/// duration    = a ``DurationParser`` duration of whole seconds: 30s, 5m, 1m30s, 1h
/// number      = digits [ "." digits ]
/// ```
///
/// Beyond the grammar, the parser checks meaning: the aggregation must suit the metric (`p95` of
/// `errors` is rejected), the unit must suit the aggregation (`errors rate < 500ms` is rejected;
/// latencies must carry a time unit), percentiles lie in (0, 100], fractions in [0, 1], counts
/// are whole, `status` is `1xx`...`5xx` or a code, `category` a result category, and each selector
/// key appears once. Checking the names in a selector against a plan is a separate step:
/// ``Threshold/validate(knownFlows:knownSteps:knownTargets:)``.
public enum ThresholdParser {
    public static func parse(_ text: String) -> Result<Threshold, ThresholdParseErrors> {
        parseCount.add(1, ordering: .relaxed)
        var parsing = ThresholdParsing(text)
        guard let threshold = parsing.threshold(), parsing.errors.isEmpty else {
            return .failure(ThresholdParseErrors(errors: parsing.errors))
        }
        return .success(threshold)
    }

    /// Expressions parsed by this process so far: a test shows each is parsed once per run.
    public static var parses: Int { parseCount.load(ordering: .relaxed) }
    private static let parseCount = Atomic<Int>(0)
}

/// The state of one parse: the cursor and the problems found so far.
///
/// Each rule reports what is wrong and recovers by skipping the part it could not read, so one
/// typo does not hide the next problem. Only an unclosed quote or selector stops the parse, since
/// everything after it was swallowed.
private struct ThresholdParsing {
    private let source: String
    private var scanner: ThresholdScanner
    private(set) var errors: [ThresholdError] = []
    private var stopped = false

    init(_ source: String) {
        self.source = source
        scanner = ThresholdScanner(source)
    }

    /// The whole expression; nil when anything was wrong (and then `errors` says what).
    mutating func threshold() -> Threshold? {
        scanner.skipSpaces()
        guard !scanner.isAtEnd else {
            report("empty threshold", hint: "write one such as 'http_req_duration p95 < 500ms'")
            return nil
        }
        let metricOffset = scanner.offset
        let metric = parseMetric()
        let metricText = scanner.text(from: metricOffset)
        scanner.skipSpaces()
        var filters: [(filter: ThresholdFilter, valueOffset: Int)] = []
        if scanner.current == "{" {
            filters = parseSelector(of: metric)
            guard !stopped else { return nil }
            scanner.skipSpaces()
        }

        guard expectMore("an aggregation such as p95, avg, rate or count") else { return nil }
        let aggregationOffset = scanner.offset
        let aggregation = parseAggregation()
        let aggregationText = scanner.text(from: aggregationOffset)
        var quantity: ThresholdQuantity?
        if let metric, let aggregation {
            quantity = ThresholdQuantity(metric: metric, aggregation: aggregation)
            if quantity == nil { reportUnsuitable(aggregationText, of: metric, at: aggregationOffset) }
        }
        scanner.skipSpaces()

        guard expectMore("a comparator: <, <=, >, >=, == or !=") else { return nil }
        let comparator = parseComparator()
        scanner.skipSpaces()

        guard expectMore("a value such as 500ms, 1% or 200/s") else { return nil }
        let value = parseValue(quantity, subject: "\(metricText) \(aggregationText)", of: metric)
        scanner.skipSpaces()

        let window = parseWindow()
        scanner.skipSpaces()
        if !scanner.isAtEnd {
            report(
                "unexpected \(scanner.found)",
                hint: "a threshold ends after its value, or after a window such as 'over 30s'")
        }

        guard errors.isEmpty, let metric, let aggregation, let quantity, let comparator, let value else { return nil }
        return Threshold(
            metric: metric, selector: filters.map(\.filter), aggregation: aggregation, comparator: comparator,
            value: value, quantity: quantity, window: window, source: source,
            filterValueOffsets: filters.map(\.valueOffset))
    }

    // MARK: metric

    private mutating func parseMetric() -> ThresholdMetric? {
        let offset = scanner.offset
        let name = scanner.take(while: ThresholdScanner.isWordCharacter)
        guard !name.isEmpty else {
            report("expected a metric name such as http_req_duration, found \(scanner.found)")
            scanner.skipWord()
            return nil
        }
        if let metric = ThresholdMetric(rawValue: name) { return metric }
        let names = ThresholdMetric.allCases.map(\.rawValue)
        let hint: String
        if let renamed = ThresholdMetric.k6Names[name] {
            hint = "that is k6's name; Preflight calls it '\(renamed.rawValue)'"
        } else if let near = ThresholdSpelling.suggestion(for: name, among: names) {
            hint = "did you mean '\(near)'?"
        } else {
            hint = "the metrics are " + names.joined(separator: ", ")
        }
        report("unknown metric '\(name)'", hint: hint, at: offset)
        return nil
    }

    // MARK: selector

    /// `{ filter, ... }`, from the opening brace to past the closing one.
    private mutating func parseSelector(of metric: ThresholdMetric?) -> [(filter: ThresholdFilter, valueOffset: Int)] {
        let open = scanner.offset
        scanner.advance()
        scanner.skipSpaces()
        if scanner.consume("}") {
            report(
                "empty selector", hint: "add a filter such as {flow:checkout}, or drop the braces to select everything",
                at: open)
            return []
        }
        var filters: [(filter: ThresholdFilter, valueOffset: Int)] = []
        while true {
            scanner.skipSpaces()
            let problemsBefore = errors.count
            if let filter = parseFilter(of: metric, after: filters.map(\.filter)) { filters.append(filter) }
            guard !stopped else { return filters }
            let separator = scanner.offset
            if scanner.consume("}") { return filters }
            guard scanner.consume(",") else { break }
            scanner.skipSpaces()
            if scanner.consume("}") {
                // `{,}` has one problem, already reported: the missing filter.
                if errors.count == problemsBefore {
                    report("expected a filter after ','", hint: "remove the trailing comma", at: separator)
                }
                return filters
            }
        }
        report("selector is never closed", hint: "add '}' after its last filter", at: open)
        stopped = true
        return filters
    }

    /// `key:text`; on return the cursor is at ',', '}' or the end (or the parse has stopped).
    private mutating func parseFilter(
        of metric: ThresholdMetric?, after earlier: [ThresholdFilter]
    ) -> (filter: ThresholdFilter, valueOffset: Int)? {
        let keyOffset = scanner.offset
        let keyText = scanner.take(while: ThresholdScanner.isWordCharacter)
        scanner.skipSpaces()
        guard !keyText.isEmpty, scanner.consume(":") else {
            let what = keyText.isEmpty ? "a filter such as flow:checkout" : "':' after '\(keyText)'"
            report("expected \(what), found \(scanner.found)", hint: "filters are written key:value")
            skipToFilterEnd()
            return nil
        }
        scanner.skipSpaces()
        let valueOffset = scanner.offset
        guard let text = parseFilterText() else { return nil }

        guard let key = ThresholdFilter.Key(rawValue: keyText) else {
            let keys = ThresholdFilter.Key.allCases.map(\.rawValue)
            let hint = ThresholdSpelling.suggestion(for: keyText, among: keys).map { "did you mean '\($0)'?" }
            report(
                "unknown selector key '\(keyText)'", hint: hint ?? "the keys are " + keys.joined(separator: ", "),
                at: keyOffset)
            return nil
        }
        if let metric, !metric.filterKeys.contains(key) {
            let keys = metric.filterKeys.map(\.rawValue).joined(separator: ", ")
            report(
                "\(metric.rawValue) cannot be selected by \(key.rawValue)",
                hint: "\(metric.observations) are labelled only by \(keys)", at: keyOffset)
            return nil
        }
        if earlier.contains(where: { $0.key == key }) {
            report(
                "'\(key.rawValue)' appears twice in the selector",
                hint: "an observation has one \(key.rawValue), so both filters can never hold; write two thresholds",
                at: keyOffset)
            return nil
        }
        guard !text.isEmpty else {
            report("empty value for '\(key.rawValue)'", at: valueOffset)
            return nil
        }
        guard let filter = makeFilter(key, text, for: metric, at: valueOffset) else { return nil }
        return (filter, valueOffset)
    }

    private mutating func makeFilter(
        _ key: ThresholdFilter.Key, _ text: String, for metric: ThresholdMetric?, at offset: Int
    ) -> ThresholdFilter? {
        switch key {
        case .flow: return .flow(text)
        case .step: return .step(text)
        case .target: return .target(text)
        case .status:
            guard let status = ThresholdStatus(text) else {
                report(
                    "'\(text)' is not a status", hint: "write a class such as 2xx or 5xx, or a code from 100 to 599",
                    at: offset)
                return nil
            }
            return .status(status)
        case .category:
            guard let category = ResultCategory(rawValue: text) else {
                let names = ResultCategory.allCases.map(\.rawValue)
                let hint = ThresholdSpelling.suggestion(for: text, among: names).map { "did you mean '\($0)'?" }
                let all = "the categories are " + names.joined(separator: ", ")
                report("unknown result category '\(text)'", hint: hint ?? all, at: offset)
                return nil
            }
            if metric == .errors && category == .ok {
                report("errors never have category 'ok'", hint: "for successful requests use 'requests'", at: offset)
                return nil
            }
            return .category(category)
        }
    }

    /// A quoted or plain filter value; nil after reporting a problem.
    private mutating func parseFilterText() -> String? {
        let start = scanner.offset
        let text: String
        if scanner.consume("\"") {
            var unquoted = String.UnicodeScalarView()
            while let scalar = scanner.current, scalar != "\"" {
                scanner.advance()
                if scalar == "\\", let escaped = scanner.current {
                    unquoted.append(escaped)
                    scanner.advance()
                } else {
                    unquoted.append(scalar)
                }
            }
            guard scanner.consume("\"") else {
                report("unclosed quote", hint: "end the value with '\"'", at: start)
                stopped = true
                return nil
            }
            text = String(unquoted)
            scanner.skipSpaces()
        } else {
            var plain = scanner.take { !",}{\"".unicodeScalars.contains($0) }
            while plain.last?.isWhitespace == true { plain.removeLast() }
            text = plain
        }
        guard scanner.isAtEnd || scanner.current == "," || scanner.current == "}" else {
            report(
                "unexpected \(scanner.found) in the value of a filter",
                hint: "quote a value that holds braces or quotes: step:\"...\"", at: scanner.offset)
            skipToFilterEnd()
            return nil
        }
        return text
    }

    /// Skips what is left of a filter that could not be read, up to ',' '}' or the end.
    private mutating func skipToFilterEnd() {
        while let scalar = scanner.current, scalar != ",", scalar != "}" {
            scanner.advance()
            guard scalar == "\"" else { continue }
            while let quoted = scanner.current, quoted != "\"" {
                scanner.advance()
                if quoted == "\\" { scanner.advance() }
            }
            scanner.advance()
        }
    }

    // MARK: aggregation

    private mutating func parseAggregation() -> ThresholdAggregation? {
        let offset = scanner.offset
        let word = scanner.take { ThresholdScanner.isWordCharacter($0) || $0 == "." }
        if word == "p" && scanner.consume("(") {
            scanner.skipSpaces()
            let numberOffset = scanner.offset
            let number = scanner.take { ThresholdScanner.isDigit($0) || $0 == "." }
            scanner.skipSpaces()
            let percentile = self.percentile(number, at: numberOffset)
            guard scanner.consume(")") else {
                report("expected ')' to close 'p(', found \(scanner.found)", at: scanner.offset)
                return nil
            }
            return percentile
        }
        let afterP = word.dropFirst().unicodeScalars
        if word.hasPrefix("p"), !afterP.isEmpty, afterP.allSatisfy({ ThresholdScanner.isDigit($0) || $0 == "." }) {
            return percentile(String(word.dropFirst()), at: offset + 1)
        }
        if let keyword = ThresholdAggregation.keywords[word] { return keyword }
        if word.isEmpty {
            report("expected an aggregation such as p95, avg, rate or count, found \(scanner.found)")
            if !"<>=!".unicodeScalars.contains(scanner.current ?? " ") { scanner.skipWord() }
            return nil
        }
        let known = ["p95", "p99"] + ThresholdAggregation.keywords.keys.sorted()
        let near = ThresholdAggregation.aliases[word] ?? ThresholdSpelling.suggestion(for: word, among: known)
        let all = "aggregations are p(N) such as p95, avg, min, max, rate and count"
        report("unknown aggregation '\(word)'", hint: near.map { "did you mean '\($0)'?" } ?? all, at: offset)
        return nil
    }

    private mutating func percentile(_ text: String, at offset: Int) -> ThresholdAggregation? {
        guard let number = ThresholdNumber(text) else {
            report("malformed percentile '\(text)'", hint: "write it like p95, p99.9 or p(99.9)", at: offset)
            return nil
        }
        let value = number.value()
        guard value > 0 && value <= 100 else {
            report(
                "percentile \(text) is outside (0, 100]",
                hint: value == 0 ? "for the smallest value use 'min'" : "p100 is the largest value, also written 'max'",
                at: offset)
            return nil
        }
        return .percentile(value)
    }

    private mutating func reportUnsuitable(_ aggregation: String, of metric: ThresholdMetric, at offset: Int) {
        let hint: String
        if metric.isLatency {
            let instead = aggregation == "rate" ? "for throughput use 'requests rate'" : "to count use 'requests count'"
            hint = "\(metric.rawValue) is a latency: use p(N) such as p95, avg, min or max; \(instead)"
        } else {
            hint = "\(metric.rawValue) is counted, not timed: use 'rate' (\(metric.rateMeaning)) or 'count'"
        }
        report("'\(aggregation)' does not apply to \(metric.rawValue)", hint: hint, at: offset)
    }

    // MARK: comparator and value

    private mutating func parseComparator() -> ThresholdComparator? {
        let offset = scanner.offset
        let text = scanner.take { "<>=!".unicodeScalars.contains($0) }
        if let comparator = ThresholdComparator(rawValue: text) { return comparator }
        let all = ThresholdComparator.allCases.map(\.rawValue).joined(separator: " ")
        if text.isEmpty {
            report("expected a comparator (\(all)), found \(scanner.found)")
        } else {
            let hint = ThresholdComparator.aliases[text].map { "did you mean '\($0.rawValue)'?" }
            report("unknown comparator '\(text)'", hint: hint ?? "comparators are \(all)", at: offset)
        }
        return nil
    }

    /// The limit normalized to `quantity`; when the quantity is unknown (an earlier error) the
    /// number and unit are still read, so that the rest of the expression can be checked.
    private mutating func parseValue(
        _ quantity: ThresholdQuantity?, subject: String, of metric: ThresholdMetric?
    ) -> Double? {
        let offset = scanner.offset
        let digits = scanner.take { ThresholdScanner.isDigit($0) || $0 == "." }
        guard !digits.isEmpty else {
            report("expected a number, found \(scanner.found)", hint: "write a value such as 500ms, 1% or 200/s")
            scanner.skipWord()
            return nil
        }
        let unitOffset = scanner.offset
        var unitText = parseUnit()
        if unitText.isEmpty, let detached = detachedUnit() {
            report("write the unit right after the number: '\(digits)\(detached)'", at: unitOffset)
            unitText = detached
        }
        guard let number = ThresholdNumber(digits) else {
            report("malformed number '\(digits)'", hint: "write numbers like 500 or 0.5", at: offset)
            return nil
        }
        guard let quantity else { return nil }
        let total = metric == .checks ? "checks" : "requests"
        if unitText.isEmpty {
            switch quantity {
            case .milliseconds, .perSecond:
                report("\(subject) needs a unit", hint: quantity.howToWrite(subject, total: total), at: unitOffset)
                return nil
            case .fraction:
                guard number.value() <= 1 else {
                    report(
                        "a fraction must be between 0 and 1", hint: "for a percentage write '\(digits)%'", at: offset)
                    return nil
                }
                return number.value()
            case .count:
                guard number.isWhole else {
                    report("a count is a whole number", hint: quantity.howToWrite(subject, total: total), at: offset)
                    return nil
                }
                return number.value()
            }
        }
        guard let unit = ThresholdUnit(rawValue: unitText), unit.quantity == quantity else {
            let meant = ThresholdUnit(rawValue: unitText) ?? ThresholdUnit.aliases[unitText]
            let hint = meant.flatMap { $0.quantity == quantity ? "did you mean '\(digits)\($0.rawValue)'?" : nil }
            let problem = ThresholdUnit(rawValue: unitText) == nil
                ? "unknown unit '\(unitText)'" : "'\(unitText)' is not a unit for \(subject)"
            report(problem, hint: hint ?? quantity.howToWrite(subject, total: total), at: unitOffset)
            return nil
        }
        if unit == .percent && number.value() > 100 {
            report("a percentage must be between 0% and 100%", at: offset)
            return nil
        }
        return unit.normalize(number)
    }

    /// The unit written right after a number: `%`, or an optional `/` and a run of letters and
    /// digits (all of `e3ms` in `1e3ms`, to report it as one unknown unit); empty if none.
    private mutating func parseUnit() -> String {
        if scanner.consume("%") { return "%" }
        let slash = scanner.consume("/") ? "/" : ""
        guard slash == "/" || scanner.current?.properties.isAlphabetic == true else { return slash }
        return slash + scanner.take { $0.properties.isAlphabetic || ThresholdScanner.isDigit($0) }
    }

    /// A unit written after a space (`500 ms`), consumed; the cursor is left alone otherwise.
    private mutating func detachedUnit() -> String? {
        let start = scanner.offset
        scanner.skipSpaces()
        let unit = parseUnit()
        let followedBySpace = scanner.current.map { $0.properties.isWhitespace } ?? true
        guard scanner.offset > start, ThresholdUnit(rawValue: unit) != nil, followedBySpace else {
            scanner.rewind(to: start)
            return nil
        }
        return unit
    }

    // MARK: window

    /// `over <duration>`, or nil (with the cursor unmoved) when something else follows.
    private mutating func parseWindow() -> Duration? {
        let start = scanner.offset
        guard scanner.take(while: { ("a"..."z").contains($0) }) == "over" else {
            scanner.rewind(to: start)
            return nil
        }
        scanner.skipSpaces()
        let offset = scanner.offset
        guard !scanner.isAtEnd else {
            report("expected a duration after 'over', such as 30s")
            return nil
        }
        let text = scanner.take { !$0.properties.isWhitespace }
        // Windows are made of whole one-second intervals, so a window is a whole number of seconds.
        guard let window = DurationParser.parse(text), window.components.attoseconds == 0,
              window.components.seconds <= Int64(Int32.max)
        else {
            report(
                "bad window '\(text)'",
                hint: "write a whole number of seconds, such as 30s, 5m, 1m30s or 1h", at: offset)
            return nil
        }
        guard window > .zero else {
            report("a window must be longer than zero", hint: "drop 'over' to judge the whole run", at: offset)
            return nil
        }
        return window
    }

    // MARK: reporting

    /// False, after reporting that `what` is missing, when the expression has ended.
    private mutating func expectMore(_ what: String) -> Bool {
        guard scanner.isAtEnd else { return true }
        report("expected \(what), found the end of the expression")
        return false
    }

    /// Records a problem at `offset`, by default where the cursor is.
    private mutating func report(_ message: String, hint: String? = nil, at offset: Int? = nil) {
        errors.append(ThresholdError(message: message, hint: hint, offset: offset ?? scanner.offset))
    }
}
