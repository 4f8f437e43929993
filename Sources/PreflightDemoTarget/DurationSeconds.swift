extension Duration {
    /// The duration as fractional seconds, for the sampling and window arithmetic `Duration` has no operators for.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
