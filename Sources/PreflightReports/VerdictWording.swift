extension Verdict.Status {
    /// The status as one or two capitalized words (`PASSED`, `INVALID RUN`): what the HTML banner
    /// and the Markdown heading say, in words rather than colour or emoji, so it survives a
    /// black-and-white printout, a plain-text mail and a screen reader.
    var word: String {
        switch self {
        case .passed: "PASSED"
        case .failed: "FAILED"
        case .invalid: "INVALID RUN"
        case .interrupted: "INTERRUPTED"
        }
    }
}
