@testable import PreflightDemoTarget
import Testing

@Suite struct PointOfSaleStoreTests {
    @Test func forgetsTheOldestOrdersBeyondItsCapacity() throws {
        let store = PointOfSaleStore(orderCapacity: 2)
        let line = OrderLine(product: try #require(ProductCatalog.product(id: "p-1")), quantity: 1)
        let first = store.createOrder(lines: [line])
        let second = store.createOrder(lines: [line])
        let third = store.createOrder(lines: [line])
        #expect(store.order(id: first.id) == nil)
        #expect(store.order(id: second.id) != nil)
        #expect(store.order(id: third.id) != nil)
        #expect(store.recordPayment(orderID: first.id) == nil)
    }

    @Test func endsTheOldestSessionsBeyondItsCapacity() {
        let store = PointOfSaleStore(sessionCapacity: 2)
        let first = store.openSession(username: "a")
        let second = store.openSession(username: "b")
        let third = store.openSession(username: "c")
        #expect(!store.isOpenSession(first))
        #expect(store.isOpenSession(second))
        #expect(store.isOpenSession(third))
        #expect(Set([first, second, third]).count == 3)
    }

    @Test func paymentsMarkTheirOrderPaid() throws {
        let store = PointOfSaleStore()
        let line = OrderLine(product: try #require(ProductCatalog.product(id: "p-2")), quantity: 3)
        let order = store.createOrder(lines: [line])
        #expect(order.totalCents == 960)
        #expect(store.order(id: order.id)?.isPaid == false)
        #expect(store.recordPayment(orderID: order.id) == "pay-1")
        #expect(store.recordPayment(orderID: order.id) == "pay-2")
        #expect(store.order(id: order.id)?.isPaid == true)
    }
}
