/// Where a typical request of a step spends its time: DNS, connect, TLS, waiting for the first
/// byte, transfer.
///
/// curl measures each phase from the start of the transfer, so the phases are cumulative and each
/// segment is the difference between consecutive medians. A difference of medians is not the
/// median of a difference, so the segments describe a typical request rather than add up exactly;
/// a negative difference (possible with medians) is shown as zero.
struct PhaseBreakdown: Equatable {
    static let names = ["DNS", "connect", "TLS", "waiting (first byte)", "transfer"]

    /// Milliseconds per phase, in the order of ``names``.
    var segments: [Double]
    /// The median total (service time) of the step.
    var total: Double

    init(step: StepReport) {
        let phases = step.phases
        let dns = phases.dns.p50Ms
        let connect = max(phases.connect.p50Ms, dns)
        // TLS is recorded only for requests that did a handshake. When most requests reused a
        // connection, the typical request did none, and the handshakes' median would mislabel
        // server time as TLS.
        let typicalDidTLS = phases.tls.count * 2 > step.latency.count
        let tlsEnd = typicalDidTLS ? max(phases.tls.p50Ms, connect) : connect
        let firstByte = max(phases.firstByte.p50Ms, tlsEnd)
        let total = max(step.latency.p50Ms, firstByte)
        segments = [dns, connect - dns, tlsEnd - connect, firstByte - tlsEnd, total - firstByte]
        self.total = total
    }
}
