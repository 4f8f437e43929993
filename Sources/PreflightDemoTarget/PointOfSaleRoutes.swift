internal import Hummingbird

/// The `/api/*` routes, shaped like the point-of-sale APIs in our users' go-live checklists:
/// log in, browse products, create an order, pay it, fetch the receipt, sync to head office.
struct PointOfSaleRoutes {
    /// The one password every demo user has.
    static let password = "demo-password"
    /// Quantities above this are refused, which also keeps totals far from overflowing.
    static let maximumQuantity = 1_000

    let store: PointOfSaleStore

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/auth/login") { request, _ in try await login(request) }
        router.post("/api/auth/logout") { request, _ in try logout(request) }
        router.get("/api/products") { _, _ in try products() }
        router.post("/api/orders") { request, _ in try await createOrder(request) }
        router.post("/api/payments") { request, _ in try await pay(request) }
        router.get("/api/orders/:id/receipt") { request, context in
            try receipt(request, orderID: context.parameters.require("id"))
        }
        router.post("/api/sync") { request, _ in try await sync(request) }
    }

    private func login(_ request: Request) async throws -> Response {
        let credentials = try await JSONMessages.decode(LoginRequest.self, from: request)
        guard !credentials.username.isEmpty, credentials.password == Self.password else {
            throw HTTPError(.unauthorized, message: "invalid credentials")
        }
        let token = store.openSession(username: credentials.username)
        let user = LoginResponse.User(username: credentials.username, role: "cashier")
        return try JSONMessages.response(
            .ok,
            LoginResponse(token: token, user: user),
            headers: [.setCookie: "session=\(token); Path=/; HttpOnly"]
        )
    }

    private func logout(_ request: Request) throws -> Response {
        guard let token = bearerToken(of: request), store.closeSession(token) else {
            throw unauthorized
        }
        return Response(status: .noContent)
    }

    private func products() throws -> Response {
        let items = ProductCatalog.products.map {
            ProductList.Item(id: $0.id, name: $0.name, price: $0.priceCents.currencyAmount)
        }
        return try JSONMessages.response(.ok, ProductList(products: items))
    }

    private func createOrder(_ request: Request) async throws -> Response {
        try requireSession(request)
        let body = try await JSONMessages.decode(OrderRequest.self, from: request)
        guard let items = body.items, !items.isEmpty else {
            throw HTTPError(.badRequest, message: "items must not be empty")
        }
        let lines = try items.map { item in
            guard let product = ProductCatalog.product(id: item.productId) else {
                throw HTTPError(.badRequest, message: "unknown product \(item.productId)")
            }
            guard (1...Self.maximumQuantity).contains(item.quantity) else {
                throw HTTPError(.badRequest, message: "quantity must be between 1 and \(Self.maximumQuantity)")
            }
            return OrderLine(product: product, quantity: item.quantity)
        }
        let order = store.createOrder(lines: lines)
        return try JSONMessages.response(
            .created,
            OrderCreated(id: order.id, status: "created", total: order.totalCents.currencyAmount),
            headers: [.location: "/api/orders/\(order.id)"]
        )
    }

    private func pay(_ request: Request) async throws -> Response {
        try requireSession(request)
        let payment = try await JSONMessages.decode(PaymentRequest.self, from: request)
        guard payment.amount.isFinite, payment.amount > 0 else {
            throw HTTPError(.badRequest, message: "amount must be positive")
        }
        guard let paymentID = store.recordPayment(orderID: payment.orderId) else {
            throw HTTPError(.notFound, message: "unknown order \(payment.orderId)")
        }
        return try JSONMessages.response(
            .created,
            PaymentApproved(id: paymentID, orderId: payment.orderId, status: "approved")
        )
    }

    private func receipt(_ request: Request, orderID: String) throws -> Response {
        try requireSession(request)
        guard let order = store.order(id: orderID) else {
            throw HTTPError(.notFound, message: "unknown order \(orderID)")
        }
        let lines = order.lines.map {
            Receipt.Line(
                productId: $0.product.id,
                name: $0.product.name,
                quantity: $0.quantity,
                unitPrice: $0.product.priceCents.currencyAmount,
                lineTotal: $0.totalCents.currencyAmount
            )
        }
        let receipt = Receipt(orderId: order.id, total: order.totalCents.currencyAmount, paid: order.isPaid, lines: lines)
        return try JSONMessages.response(.ok, receipt)
    }

    /// Accepts a batch for head-office sync: orders this server knows count as synced,
    /// the others as queued for a later attempt.
    private func sync(_ request: Request) async throws -> Response {
        try requireSession(request)
        let batch = try await JSONMessages.decode(SyncRequest.self, from: request)
        let synced = batch.orderIds.filter { store.order(id: $0) != nil }.count
        return try JSONMessages.response(.accepted, SyncAccepted(synced: synced, queued: batch.orderIds.count - synced))
    }

    private func requireSession(_ request: Request) throws {
        // API clients send the token as a Bearer header; the web app behind the same load balancer
        // sends the session cookie login set.
        guard let token = bearerToken(of: request) ?? sessionCookie(of: request), store.isOpenSession(token) else {
            throw unauthorized
        }
    }

    private var unauthorized: HTTPError {
        HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "unauthorized")
    }

    /// The `session` cookie login sets, from the request's `Cookie` header.
    private func sessionCookie(of request: Request) -> String? {
        guard let cookies = request.headers[.cookie] else { return nil }
        for pair in cookies.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingWhitespace() == "session" { return parts[1].trimmingWhitespace() }
        }
        return nil
    }

    /// The token of an `Authorization: Bearer <token>` header.
    private func bearerToken(of request: Request) -> String? {
        guard let authorization = request.headers[.authorization] else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingWhitespace()
        return token.isEmpty ? nil : token
    }
}
