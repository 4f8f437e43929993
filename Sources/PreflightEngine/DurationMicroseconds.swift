extension Duration {
    /// Whole microseconds, the unit every timing in Preflight is recorded in.
    public var microseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }
}
