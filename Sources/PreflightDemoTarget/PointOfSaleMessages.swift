/// The JSON bodies of the point-of-sale API, named after what users' go-live checklists send and expect.
struct LoginRequest: Decodable {
    var username: String
    var password: String
}

struct LoginResponse: Encodable {
    struct User: Encodable {
        var username: String
        var role: String
    }

    var token: String
    var user: User
}

struct ProductList: Encodable {
    struct Item: Encodable {
        var id: String
        var name: String
        var price: Double
    }

    var products: [Item]
}

struct OrderRequest: Decodable {
    struct Item: Decodable {
        var productId: String
        var quantity: Int
    }

    var items: [Item]?
}

struct OrderCreated: Encodable {
    var id: String
    var status: String
    var total: Double
}

struct PaymentRequest: Decodable {
    var orderId: String
    var amount: Double
    var method: String?
}

struct PaymentApproved: Encodable {
    var id: String
    var orderId: String
    var status: String
}

struct Receipt: Encodable {
    struct Line: Encodable {
        var productId: String
        var name: String
        var quantity: Int
        var unitPrice: Double
        var lineTotal: Double
    }

    var orderId: String
    var total: Double
    var paid: Bool
    var lines: [Line]
}

struct SyncRequest: Decodable {
    var orderIds: [String]
}

struct SyncAccepted: Encodable {
    var synced: Int
    var queued: Int
}

extension Int {
    /// Cents as the decimal currency amount the API shows.
    var currencyAmount: Double { Double(self) / 100 }
}
