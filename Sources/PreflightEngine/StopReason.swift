/// Why a run ended before its schedule did.
public enum StopReason: Sendable, Equatable {
    /// SIGINT or SIGTERM.
    case interrupted
    /// A threshold marked `abortOnFail` failed; the text says which.
    case aborted(String)
}
