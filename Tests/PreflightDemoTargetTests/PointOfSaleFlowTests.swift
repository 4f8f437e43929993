import Foundation
import PreflightDemoTarget
import Testing

@Suite struct PointOfSaleFlowTests {
    @Test func loginOrderPayReceiptSyncLogout() async throws {
        try await withDemoTarget { _, client in
            let login = try await client.post("/api/auth/login", json: #"{"username":"ana","password":"demo-password"}"#)
            #expect(login.status == 200)
            let session = try login.json()
            let token = try #require(session["token"] as? String)
            #expect(token.count >= 16)
            let user = try #require(session["user"] as? [String: Any])
            #expect(user["username"] as? String == "ana")
            #expect(user["role"] as? String == "cashier")
            #expect(login.header("Set-Cookie") == "session=\(token); Path=/; HttpOnly")
            #expect(login.header("Content-Type")?.hasPrefix("application/json") == true)

            let products = try await client.get("/api/products")
            #expect(products.status == 200)
            let catalog = try #require(products.json()["products"] as? [[String: Any]])
            #expect(catalog.count >= 3)
            #expect(catalog.first?["id"] as? String == "p-1")
            #expect(catalog.first?["price"] as? Double == 2.5)

            let order = try await client.post(
                "/api/orders",
                json: #"{"items":[{"productId":"p-1","quantity":2},{"productId":"p-2","quantity":1}]}"#,
                token: token
            )
            #expect(order.status == 201)
            let created = try order.json()
            let orderID = try #require(created["id"] as? String)
            #expect(orderID.hasPrefix("ord-"))
            #expect(created["status"] as? String == "created")
            #expect(created["total"] as? Double == 8.2)
            #expect(order.header("Location") == "/api/orders/\(orderID)")

            let unpaid = try await client.get("/api/orders/\(orderID)/receipt", token: token)
            #expect(unpaid.status == 200)
            #expect(try unpaid.json()["paid"] as? Bool == false)

            let payment = try await client.post(
                "/api/payments", json: #"{"orderId":"\#(orderID)","amount":8.2,"method":"card"}"#, token: token
            )
            #expect(payment.status == 201)
            let approved = try payment.json()
            #expect((approved["id"] as? String)?.hasPrefix("pay-") == true)
            #expect(approved["orderId"] as? String == orderID)
            #expect(approved["status"] as? String == "approved")

            let receipt = try await client.get("/api/orders/\(orderID)/receipt", token: token)
            #expect(receipt.status == 200)
            let paid = try receipt.json()
            #expect(paid["orderId"] as? String == orderID)
            #expect(paid["total"] as? Double == 8.2)
            #expect(paid["paid"] as? Bool == true)
            let lines = try #require(paid["lines"] as? [[String: Any]])
            #expect(lines.count == 2)
            #expect(lines.first?["quantity"] as? Int == 2)
            #expect(lines.first?["lineTotal"] as? Double == 5)

            let sync = try await client.post("/api/sync", json: #"{"orderIds":["\#(orderID)","ord-999999"]}"#, token: token)
            #expect(sync.status == 202)
            let synced = try sync.json()
            #expect(synced["synced"] as? Int == 1)
            #expect(synced["queued"] as? Int == 1)

            let logout = try await client.send("POST", "/api/auth/logout", token: token)
            #expect(logout.status == 204)
            let afterLogout = try await client.post("/api/orders", json: #"{"items":[{"productId":"p-1","quantity":1}]}"#, token: token)
            #expect(afterLogout.status == 401)
        }
    }

    @Test func protectedRoutesRefuseMissingOrUnknownTokens() async throws {
        try await withDemoTarget { _, client in
            let order = #"{"items":[{"productId":"p-1","quantity":1}]}"#
            let anonymous = try await client.post("/api/orders", json: order)
            #expect(anonymous.status == 401)
            #expect(try anonymous.json()["error"] as? String == "unauthorized")
            #expect(try await client.post("/api/orders", json: order, token: "forged").status == 401)
            #expect(try await client.post("/api/payments", json: #"{"orderId":"ord-1","amount":1}"#).status == 401)
            #expect(try await client.get("/api/orders/ord-1/receipt").status == 401)
            #expect(try await client.post("/api/sync", json: #"{"orderIds":[]}"#).status == 401)
            #expect(try await client.send("POST", "/api/auth/logout").status == 401)
            #expect(try await client.send("POST", "/api/auth/logout", token: "forged").status == 401)
        }
    }

    @Test func loginRejectsWrongPasswordsAndMalformedBodies() async throws {
        try await withDemoTarget { _, client in
            let wrong = try await client.post("/api/auth/login", json: #"{"username":"ana","password":"guess"}"#)
            #expect(wrong.status == 401)
            #expect(try wrong.json()["error"] as? String == "invalid credentials")
            let anonymous = try await client.post("/api/auth/login", json: #"{"username":"","password":"demo-password"}"#)
            #expect(anonymous.status == 401)
            let malformed = try await client.post("/api/auth/login", json: #"{"username":"ana","#)
            #expect(malformed.status == 400)
            #expect(try malformed.json()["error"] as? String == "malformed JSON")
        }
    }

    @Test func ordersPaymentsAndReceiptsValidateTheirInput() async throws {
        try await withDemoTarget { _, client in
            let token = try await client.login()
            #expect(try await client.post("/api/orders", json: #"{"items":[]}"#, token: token).status == 400)
            #expect(try await client.post("/api/orders", json: #"{}"#, token: token).status == 400)
            #expect(try await client.post("/api/orders", json: #"{"items":[{"productId":"p-404","quantity":1}]}"#, token: token).status == 400)
            #expect(try await client.post("/api/orders", json: #"{"items":[{"productId":"p-1","quantity":0}]}"#, token: token).status == 400)
            let unknownPayment = try await client.post("/api/payments", json: #"{"orderId":"ord-404","amount":1,"method":"card"}"#, token: token)
            #expect(unknownPayment.status == 404)
            #expect(try await client.get("/api/orders/ord-404/receipt", token: token).status == 404)
        }
    }

    @Test func orderNumbersCountUp() async throws {
        try await withDemoTarget { _, client in
            let token = try await client.login()
            var ids: [String] = []
            for _ in 0..<3 {
                let reply = try await client.post("/api/orders", json: #"{"items":[{"productId":"p-3","quantity":1}]}"#, token: token)
                ids.append(try #require(try reply.json()["id"] as? String))
            }
            #expect(ids == ["ord-1", "ord-2", "ord-3"])
        }
    }

    @Test func healthReportsHealthyByDefaultAndUnhealthyOnRequest() async throws {
        try await withDemoTarget { target, client in
            let healthy = try await client.get("/health")
            #expect(healthy.status == 200)
            let report = try healthy.json()
            #expect(report["status"] as? String == "healthy")
            #expect(report["version"] is String)
            #expect(report["timestamp"] is Int)
            #expect(report["checks"] as? [String: Bool] == ["database": true, "cache": true])

            target.configuration.unhealthy = true
            let unhealthy = try await client.get("/health")
            #expect(unhealthy.status == 503)
            let failing = try unhealthy.json()
            #expect(failing["status"] as? String == "unhealthy")
            #expect(failing["checks"] as? [String: Bool] == ["database": false, "cache": false])
        }
    }

    @Test func echoReflectsTextUnescapedInBodyAndHeader() async throws {
        try await withDemoTarget { _, client in
            let hostile = #"<script>alert("x&y")</script>"#
            let query = try #require(hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let reply = try await client.get("/api/echo?text=\(query)")
            #expect(reply.status == 200)
            #expect(reply.text == hostile)
            #expect(reply.header("X-Echo") == hostile)
            #expect(reply.header("Content-Type")?.hasPrefix("text/plain") == true)
        }
    }

    @Test func unknownRoutesAnswerJSON404() async throws {
        try await withDemoTarget { _, client in
            let reply = try await client.get("/api/nothing-here")
            #expect(reply.status == 404)
            #expect(try reply.json()["error"] is String)
        }
    }
}
