import Dispatch
internal import NIOCore
internal import NIOHTTPTypes

/// Stamps each request where it enters and leaves the connection, so the demo target's record of
/// its own time per request covers everything a client's clock does except the wire: parsing,
/// hops into and out of the router's tasks, injected latency and the response write.
///
/// A middleware's clock starts after the request has been parsed and handed to a task, and on a
/// busy machine that hidden part alone can exceed a millisecond; a client's latency would then look
/// wrong against a truth that was itself short. Sits right after the HTTP codec in the channel
/// pipeline; HTTP/1.1 answers requests in order, so the stamps pair up first in, first out.
final class ConnectionClock: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let injector: FaultInjector
    /// Arrival instants (`DispatchTime` nanoseconds) of requests not yet answered, oldest first.
    private var pending: [UInt64] = []

    init(injector: FaultInjector) {
        self.injector = injector
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            pending.append(DispatchTime.now().uptimeNanoseconds)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), !pending.isEmpty {
            let arrival = pending.removeFirst()
            injector.recordExchange(arrival: arrival, departure: DispatchTime.now().uptimeNanoseconds)
        }
        context.write(data, promise: promise)
    }
}
