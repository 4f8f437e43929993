import PreflightPlan

/// The environment every fuzzed plan is loaded with: enough for `${API_URL}`, `${N}`, an empty
/// variable and an unset one (`${MISSING}`) to take their different paths.
private let loader = PlanLoader(environment: [
    "API_URL": "http://127.0.0.1:8080",
    "AUTH_URL": "https://auth.example.com/v1",
    "POS_USER": "cashier",
    "POS_PASSWORD": "demo-password",
    "N": "3",
    "RATE": "50/s",
    "EMPTY": "",
    "TEMPLATE": "{{username}}",
])

/// One input: the bytes as plan text (invalid UTF-8 is decoded lossily, so every input is tried),
/// loaded and validated. A validation error is the expected outcome for most inputs; its rendering
/// is exercised too, since `preflight validate` prints it. Anything else (a trap, a hang, runaway
/// memory) is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlanLoader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try loader.load(text: text, file: "fuzz.yaml")
    } catch {
        _ = error.description
    }
    return 0
}
