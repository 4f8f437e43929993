/// Something the point-of-sale API sells. Prices are whole cents so totals add up exactly.
struct Product: Sendable {
    let id: String
    let name: String
    let priceCents: Int
}

/// The fixed menu of the point-of-sale API. It never changes, so plans can hard-code product ids
/// and the totals they expect back.
enum ProductCatalog {
    static let products: [Product] = [
        Product(id: "p-1", name: "Espresso", priceCents: 250),
        Product(id: "p-2", name: "Croissant", priceCents: 320),
        Product(id: "p-3", name: "Club Sandwich", priceCents: 690),
        Product(id: "p-4", name: "Orange Juice", priceCents: 400),
    ]

    static func product(id: String) -> Product? {
        products.first { $0.id == id }
    }
}
