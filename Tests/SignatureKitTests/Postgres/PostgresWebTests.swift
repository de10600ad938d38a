import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignatureKit
@testable import SignatureKitPostgres
@testable import SignatureKitWeb

extension PostgresSuites {
    /// sig-web on the hosted backend: every campaign under `/c/ID/`, sessions in the campaign's database, another
    /// campaign's session answered 404.
    @Suite(.enabled(if: PostgresTestHost.isConfigured, "SIG_TEST_POSTGRES_URL names no server"))
    struct PostgresWebTests {
        /// Two campaigns with an account each, served by one host (as sig-web --database-url does).
        func host() async throws -> (Application<CampaignHost>, PostgresCampaign, PostgresCampaign) {
            let a = try await PostgresTestHost.newCampaign()
            let b = try await PostgresTestHost.newCampaign()
            let admin = Actor(account: "admin", role: .admin)
            try await a.addAccount("aylin", role: .volunteer, password: WebFixture.passwords["aylin"] ?? "", by: admin)
            try await b.addAccount("orga", role: .organizer, password: WebFixture.passwords["orga"] ?? "", by: admin)
            return (Application(responder: try await PostgresTestHost.campaignHost(serving: [a.id, b.id])), a, b)
        }

        static func login(_ client: some TestClientProtocol, _ campaign: String, _ user: String) async throws -> (cookie: String, csrf: String) {
            try await client.execute(
                uri: "/c/\(campaign)/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=\(user)&password=\(WebFixture.passwords[user] ?? "")")
            ) { response in
                #expect(response.status == .ok)
                let setCookie = response.headers[.setCookie] ?? ""
                #expect(setCookie.contains("Path=/c/\(campaign)/;") && setCookie.contains("HttpOnly"))
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                return (String(setCookie.split(separator: ";").first ?? ""), body?["csrf"] as? String ?? "")
            }
        }

        @Test("Each campaign under /c/ID/: its login, its pages with its own links, its entries; another campaign's session gets 404")
        func campaignsApart() async throws {
            let (app, a, b) = try await host()
            try await app.test(.router) { client in
                try await client.execute(uri: "/", method: .get) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/c/gibt-es-nicht/login", method: .get) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/c/\(a.id)/login", method: .get) { response in
                    #expect(response.status == .ok)
                    let page = String(buffer: response.body)
                    #expect(page.contains("src=\"/c/\(a.id)/static/login.js\"") && !page.contains("src=\"/static/"))
                }
                let (cookie, csrf) = try await Self.login(client, a.id, "aylin")
                // The account of A does not exist in B.
                try await client.execute(
                    uri: "/c/\(b.id)/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "user=aylin&password=\(WebFixture.passwords["aylin"]!)")
                ) { #expect($0.status == .unauthorized) }
                try await client.execute(
                    uri: "/c/\(a.id)/api/sheets", method: .post, headers: [.cookie: cookie, .csrfToken: csrf, .contentType: "application/json"],
                    body: ByteBuffer(string: WebFixture.sheetJSON("W1"))
                ) { #expect($0.status == .created) }
                try await client.execute(uri: "/c/\(a.id)/api/session", method: .get, headers: [.cookie: cookie]) { response in
                    #expect(String(buffer: response.body).contains("\\/c\\/\(a.id)\\/entry"))
                }
                try await client.execute(uri: "/c/\(a.id)/entry", method: .get, headers: [.cookie: cookie]) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("/c/\(a.id)/static/entry.js"))
                }
                // A's session on B's paths: nothing there.
                for path in ["/c/\(b.id)/api/session", "/c/\(b.id)/progress", "/c/\(b.id)/api/sheets"] {
                    try await client.execute(uri: path, method: .get, headers: [.cookie: cookie]) { #expect($0.status == .notFound, "\(path)") }
                }
                try await client.execute(
                    uri: "/c/\(b.id)/api/sheets", method: .post, headers: [.cookie: cookie, .csrfToken: csrf, .contentType: "application/json"],
                    body: ByteBuffer(string: WebFixture.sheetJSON("W2"))
                ) { #expect($0.status == .notFound) }
                // Without a session a page goes to the campaign's own login.
                try await client.execute(uri: "/c/\(b.id)/progress", method: .get) { response in
                    #expect(response.headers[.location]?.hasPrefix("/c/\(b.id)/login") == true)
                }
            }
            #expect(try await a.statusCounts() == [.entered: 1])
            #expect(try await b.statusCounts().isEmpty)
        }

        @Test("Sessions live in the database: a second process (another host on the same server) knows the login; logout ends it there too")
        func sessionsAcrossProcesses() async throws {
            let (first, a, _) = try await host()
            let (cookie, csrf) = try await first.test(.router) { client in try await Self.login(client, a.id, "aylin") }
            let id = a.id
            let second = Application(responder: try await PostgresTestHost.campaignHost(serving: [id]))
            try await second.test(.router) { client in
                try await client.execute(uri: "/c/\(id)/api/session", method: .get, headers: [.cookie: cookie]) { #expect($0.status == .ok) }
                try await client.execute(uri: "/c/\(id)/logout", method: .post, headers: [.cookie: cookie, .csrfToken: csrf]) {
                    #expect($0.status == .noContent)
                }
            }
            // A new password ends every session of the account in every process at once.
            let (fresh, _) = try await first.test(.router) { client in try await Self.login(client, a.id, "aylin") }
            try await a.setPassword("aylin", password: "ein-neues-passwort", by: Actor(account: "admin", role: .admin))
            try await second.test(.router) { client in
                try await client.execute(uri: "/c/\(id)/api/session", method: .get, headers: [.cookie: fresh]) { #expect($0.status == .unauthorized) }
            }
            // The first process, which opened the session, refuses it now too.
            try await first.test(.router) { client in
                try await client.execute(uri: "/c/\(id)/api/session", method: .get, headers: [.cookie: cookie]) {
                    #expect($0.status == .unauthorized)
                }
            }
            let token = String(cookie.split(separator: "=", maxSplits: 1).last ?? "")
            #expect(try await a.findSession(token: token, now: Date()) == nil)
        }

        @Test("Failed logins count in the database: ten wrong passwords spread over two processes lock the eleventh in either")
        func loginLimitsAcrossProcesses() async throws {
            let (first, a, _) = try await host()
            let id = a.id
            let other = Application(responder: try await PostgresTestHost.campaignHost(serving: [id]))
            func attempt(_ app: some ApplicationProtocol, password: String) async throws -> HTTPResponse.Status {
                try await app.test(.router) { client in
                    try await client.execute(
                        uri: "/c/\(id)/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                        body: ByteBuffer(string: "user=aylin&password=\(password)")
                    ) { $0.status }
                }
            }
            for i in 0..<10 {
                #expect(try await attempt(i % 2 == 0 ? first : other, password: "falsch-\(i)") == .unauthorized)
            }
            #expect(try await attempt(first, password: "falsch-x") == .tooManyRequests)
            #expect(try await attempt(other, password: WebFixture.passwords["aylin"]!) == .tooManyRequests)
        }
    }
}
