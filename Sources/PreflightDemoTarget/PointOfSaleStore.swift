import Synchronization

/// One product and how many of it an order contains.
struct OrderLine: Sendable {
    let product: Product
    let quantity: Int

    var totalCents: Int { product.priceCents * quantity }
}

/// A created order and whether it has been paid.
struct Order: Sendable {
    let id: String
    let lines: [OrderLine]
    var isPaid = false

    var totalCents: Int { lines.reduce(0) { $0 + $1.totalCents } }
}

/// The in-memory state behind the point-of-sale routes: sessions, orders and their payments.
///
/// Sessions and orders are capped and the oldest are forgotten first, so an hours-long load test
/// keeps the process at a steady size instead of growing until it is killed.
final class PointOfSaleStore: Sendable {
    private struct State {
        var usernamesByToken: [String: String] = [:]
        var tokensOldestFirst: RingBuffer<String>
        var ordersByID: [String: Order] = [:]
        var orderIDsOldestFirst: RingBuffer<String>
        var lastOrderNumber = 0
        var lastPaymentNumber = 0
    }

    private let state: Mutex<State>

    /// - Parameters:
    ///   - sessionCapacity: How many sessions stay open at most; opening one more ends the oldest.
    ///   - orderCapacity: How many orders are remembered at most; creating one more forgets the oldest.
    init(sessionCapacity: Int = 100_000, orderCapacity: Int = 100_000) {
        state = Mutex(
            State(
                tokensOldestFirst: RingBuffer(capacity: sessionCapacity),
                orderIDsOldestFirst: RingBuffer(capacity: orderCapacity)
            )
        )
    }

    /// Opens a session for `username` and returns its fresh random token.
    func openSession(username: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<2).map { _ in hex(generator.next() as UInt64) }.joined()
        state.withLock { state in
            state.usernamesByToken[token] = username
            if let evicted = state.tokensOldestFirst.append(token) {
                state.usernamesByToken[evicted] = nil
            }
        }
        return token
    }

    func isOpenSession(_ token: String) -> Bool {
        state.withLock { $0.usernamesByToken[token] != nil }
    }

    /// Ends the session; returns false when the token was not (or no longer) valid.
    func closeSession(_ token: String) -> Bool {
        state.withLock { $0.usernamesByToken.removeValue(forKey: token) != nil }
    }

    func createOrder(lines: [OrderLine]) -> Order {
        state.withLock { state in
            state.lastOrderNumber += 1
            let order = Order(id: "ord-\(state.lastOrderNumber)", lines: lines)
            state.ordersByID[order.id] = order
            if let evicted = state.orderIDsOldestFirst.append(order.id) {
                state.ordersByID[evicted] = nil
            }
            return order
        }
    }

    func order(id: String) -> Order? {
        state.withLock { $0.ordersByID[id] }
    }

    /// Approves a payment against the order and returns the payment's id, or nil for an unknown order.
    func recordPayment(orderID: String) -> String? {
        state.withLock { state in
            guard state.ordersByID[orderID] != nil else { return nil }
            state.ordersByID[orderID]?.isPaid = true
            state.lastPaymentNumber += 1
            return "pay-\(state.lastPaymentNumber)"
        }
    }

    private func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
