import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// The JSON API through Hummingbird's router test client (no socket): sessions, CSRF, roles on every route.
struct WebAPITests {
    func app() throws -> (Application<RouterResponder<WebContext>>, SignatureDatabase) {
        let db = try WebFixture.database()
        return (WebFixture.app(db), db)
    }

    func login(_ client: some TestClientProtocol, _ user: String, _ password: String) async throws -> (cookie: String, csrf: String) {
        try await WebFixture.login(client, user)
    }

    static let sheet = """
        {"sheet":"W1","nomination":"ward:12","surname":"Müller","given_names":"Anna","born":"12.03.1980","street":"Hauptstraße",\
        "house_number":"12a","postal_code":"47798","city":"Krefeld","signed_on":"01.05.2025","collector":"Aylin","client_id":"phone-1"}
        """

    @Test("Login, session, entering a sheet: 201, then 200 for the same sheet again, 409 for other content, 422 for a bad field")
    func entry() async throws {
        let (app, db) = try app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/sheets", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=aylin&password=falsch")
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("Name oder Passwort falsch."))
            }
            let (cookie, csrf) = try await login(client, "aylin", "Sammeln-macht-Spass")
            try await client.execute(uri: "/api/session", method: .get, headers: [.cookie: cookie]) { response in
                #expect(String(buffer: response.body).contains("\"role\":\"volunteer\""))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                #expect(response.headers[.frameOptions] == "DENY")
            }
            // Without the CSRF token nothing changes.
            try await client.execute(uri: "/api/sheets", method: .post, headers: [.cookie: cookie], body: ByteBuffer(string: Self.sheet)) {
                #expect($0.status == .forbidden)
            }
            let headers: HTTPFields = [.cookie: cookie, .csrfToken: csrf, .contentType: "application/json"]
            let first = try await client.execute(uri: "/api/sheets", method: .post, headers: headers, body: ByteBuffer(string: Self.sheet)) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(first.0 == .created)
            #expect(first.1.contains("\"counts\":true") && first.1.contains("\"duplicateOf\":null") && first.1.contains("\"sheet\":\"W1\""))
            try await client.execute(uri: "/api/sheets", method: .post, headers: headers, body: ByteBuffer(string: Self.sheet)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == first.1)
            }
            let other = Self.sheet.replacingOccurrences(of: "Anna", with: "Berta")
            try await client.execute(uri: "/api/sheets", method: .post, headers: headers, body: ByteBuffer(string: other)) {
                #expect($0.status == .conflict)
            }
            let bad = Self.sheet.replacingOccurrences(of: "12.03.1980", with: "31.02.1980").replacingOccurrences(of: "W1", with: "W2")
            try await client.execute(uri: "/api/sheets", method: .post, headers: headers, body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("\"field\":\"born\",\"message\":\"Geburtsdatum: "))
            }
        }
        #expect(try db.sheetCount() == 1)
        #expect(try db.sheets().first?.collector == "Aylin")
    }

    @Test("Roles on every route: a volunteer sees only their own sheets and no organizer route; an organizer sees all")
    func roles() async throws {
        let (app, _) = try app()
        try await app.test(.router) { client in
            let aylin = try await login(client, "aylin", "Sammeln-macht-Spass")
            try await client.execute(
                uri: "/api/sheets", method: .post, headers: [.cookie: aylin.cookie, .csrfToken: aylin.csrf], body: ByteBuffer(string: Self.sheet)
            ) { #expect($0.status == .created) }
            let bernd = try await login(client, "bernd", "Auch-ein-Sammler")
            try await client.execute(uri: "/api/sheets", method: .get, headers: [.cookie: bernd.cookie]) { response in
                #expect(String(buffer: response.body) == "{\"sheets\":[]}")
            }
            for route in ["/api/progress", "/api/findings"] {
                try await client.execute(uri: route, method: .get, headers: [.cookie: bernd.cookie]) { #expect($0.status == .forbidden) }
                try await client.execute(uri: route, method: .get) { #expect($0.status == .unauthorized) }
            }
            let orga = try await login(client, "orga", "Organisation-2025")
            try await client.execute(uri: "/api/sheets", method: .get, headers: [.cookie: orga.cookie]) { response in
                #expect(String(buffer: response.body).contains("\"sheet\":\"W1\""))
            }
            try await client.execute(uri: "/api/progress", method: .get, headers: [.cookie: orga.cookie]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"nominations\""))
            }
            try await client.execute(uri: "/api/findings", method: .get, headers: [.cookie: orga.cookie]) { #expect($0.status == .ok) }
        }
    }

    @Test("A changed password or a removed account ends its sessions; more than 10 failures lock the account for 15 minutes")
    func sessionsEnd() async throws {
        let (app, db) = try app()
        try await app.test(.router) { client in
            let aylin = try await login(client, "aylin", "Sammeln-macht-Spass")
            try db.setPassword("aylin", password: "Ganz-neues-Passwort")
            try await client.execute(uri: "/api/session", method: .get, headers: [.cookie: aylin.cookie]) { #expect($0.status == .unauthorized) }
            let orga = try await login(client, "orga", "Organisation-2025")
            try db.removeAccount("orga")
            try await client.execute(uri: "/api/progress", method: .get, headers: [.cookie: orga.cookie]) { #expect($0.status == .unauthorized) }
            for _ in 0..<10 {
                try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "user=bernd&password=raten")
                ) { #expect($0.status == .unauthorized) }
            }
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=bernd&password=Auch-ein-Sammler")
            ) { #expect($0.status == .tooManyRequests) }
        }
    }
}

extension WebAPITests {
    @Test("Pages: /entry sends a stranger to /login; logged in it has the paper's fields named like the CSV; scripts are files")
    func pages() async throws {
        let (app, _) = try app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/entry", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login?next=/entry")
            }
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<form id=\"login\""))
            }
            let aylin = try await login(client, "aylin", "Sammeln-macht-Spass")
            try await client.execute(uri: "/entry", method: .get, headers: [.cookie: aylin.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let names = SheetEntry.fields.map(\.name)
                let positions = names.compactMap { html.range(of: "name=\"\($0)\"")?.lowerBound }
                #expect(positions.count == names.count)
                #expect(positions == positions.sorted())  // in the paper's order
                #expect(!html.contains("<script>"))  // no inline script
                #expect(html.contains("<script src=\"/static/entry.js\"></script>"))
            }
            try await client.execute(uri: "/static/entry.js", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/javascript") == true)
                #expect(String(buffer: response.body).contains("/api/check-field"))
            }
            try await client.execute(uri: "/static/..%2Fentry.html", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/api/check-field", method: .post, headers: [.cookie: aylin.cookie, .csrfToken: aylin.csrf],
                body: ByteBuffer(string: "{\"field\":\"born\",\"value\":\"31.02.1990\"}")
            ) { response in
                #expect(String(buffer: response.body) == "{\"message\":\"\(SheetParser.dateProblem)\",\"verdict\":\"problem\"}")
            }
        }
    }
}
