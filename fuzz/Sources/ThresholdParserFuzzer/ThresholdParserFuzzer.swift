import PreflightMetrics

/// One input: the bytes as a threshold expression (invalid UTF-8 decoded lossily), parsed. Errors
/// are the expected outcome for most inputs; a trap, a hang or runaway memory is a finding. A parsed
/// threshold is also checked against a few names, as the plan loader does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzThresholdParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    switch ThresholdParser.parse(text) {
    case .success(let threshold):
        _ = threshold.validate(
            knownFlows: ["checkout", "browse"], knownSteps: ["checkout/pay", "browse/list"],
            knownTargets: ["api"])
    case .failure(let failure):
        _ = failure.errors.map { ($0.message, $0.offset, $0.hint) }
    }
    return 0
}
