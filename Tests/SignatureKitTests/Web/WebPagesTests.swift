import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// Every role against every page and read route, corrections of one's own entries, and the organizer, board and
/// admin pages with their forms – through Hummingbird's router test client.
struct WebPagesTests {
    static let pages = [
        "/entry", "/mine", "/progress", "/review", "/status", "/correct", "/collectors", "/submission", "/certification", "/users", "/profile",
    ]
    static let reads = ["/api/sheets", "/api/progress", "/api/findings", "/api/review", "/api/entry-context"]
    /// Written out here, not derived from the server's table: what each role may open.
    static let allowed: [String: Set<String>] = [
        "aylin": ["/entry", "/mine", "/api/sheets", "/api/entry-context"],
        "orga": [
            "/entry", "/mine", "/progress", "/review", "/status", "/correct", "/collectors", "/api/sheets", "/api/progress", "/api/findings",
            "/api/review", "/api/entry-context",
        ],
        "vorstand": [
            "/entry", "/mine", "/progress", "/review", "/status", "/correct", "/collectors", "/submission", "/certification", "/api/sheets",
            "/api/progress", "/api/findings", "/api/review", "/api/entry-context", "/profile",
        ],
        "admin": ["/users", "/profile"],
    ]

    @Test("Each role on each page and read route: 200 where allowed, 403 elsewhere; without a session pages go to /login, the API says 401")
    func roleMatrix() async throws {
        let db = try WebFixture.database()
        try await WebFixture.app(db).test(.router) { client in
            for route in Self.pages {
                try await client.execute(uri: route, method: .get) { response in
                    #expect(response.status == .seeOther, "\(route)")
                    #expect(response.headers[.location] == "/login?next=\(route)")
                }
            }
            for route in Self.reads {
                try await client.execute(uri: route, method: .get) { #expect($0.status == .unauthorized, "\(route)") }
            }
            for (user, allowed) in Self.allowed {
                let session = try await WebFixture.login(client, user)
                for route in Self.pages + Self.reads {
                    try await client.execute(uri: route, method: .get, headers: [.cookie: session.cookie]) { response in
                        #expect(response.status == (allowed.contains(route) ? .ok : .forbidden), "\(user) \(route)")
                        if route.hasPrefix("/api") && !allowed.contains(route) {
                            #expect(String(buffer: response.body).contains("nicht freigegeben"))
                        }
                    }
                }
                // The navigation offers exactly the pages the role may open.
                try await client.execute(uri: "/api/session", method: .get, headers: [.cookie: session.cookie]) { response in
                    let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                    let paths = (body?["pages"] as? [[String: String]])?.compactMap { $0["path"] } ?? []
                    #expect(Set(paths) == allowed.filter { Self.pages.contains($0) && !["/certification", "/correct"].contains($0) }, "\(user)")
                }
            }
            // Changes are refused for a role without the right even with a valid token; nothing changes.
            let aylin = try await WebFixture.login(client, "aylin")
            try await client.execute(
                uri: "/api/sheets", method: .post, headers: [.cookie: aylin.cookie, .csrfToken: aylin.csrf],
                body: ByteBuffer(string: WebFixture.sheetJSON())
            ) { #expect($0.status == .created) }
            let form: HTTPFields = [.cookie: aylin.cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(
                uri: "/status", method: .post, headers: form,
                body: WebFixture.form([("csrf", aylin.csrf), ("action", "set"), ("sheet", "W1"), ("status", "lost")])
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/users", method: .post, headers: form,
                body: WebFixture.form([
                    ("csrf", aylin.csrf), ("action", "add"), ("name", "mallory"), ("role", "admin"), ("password", "Lange-genug-123"),
                ])
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/status-file", method: .post, headers: [.cookie: aylin.cookie, .csrfToken: aylin.csrf],
                body: ByteBuffer(string: "Formblatt;Status\nW1;verloren\n")
            ) { #expect($0.status == .forbidden) }
            let admin = try await WebFixture.login(client, "admin")
            try await client.execute(
                uri: "/api/sheets", method: .post, headers: [.cookie: admin.cookie, .csrfToken: admin.csrf],
                body: ByteBuffer(string: WebFixture.sheetJSON("W2"))
            ) { #expect($0.status == .forbidden) }
        }
        #expect(try db.sheetDetail("W1").status == .entered)
        #expect(try db.account(named: "mallory") == nil)
        #expect(try db.sheetCount() == 1)
    }

    @Test("A volunteer corrects their own entry while it is entered and within the window; never another person's")
    func corrections() async throws {
        let db = try WebFixture.database()
        try await WebFixture.app(db, corrections: CorrectionPolicy(days: 0)).test(.router) { client in
            let aylin = try await WebFixture.login(client, "aylin")
            let headers: HTTPFields = [.cookie: aylin.cookie, .csrfToken: aylin.csrf, .contentType: "application/json"]
            try await client.execute(uri: "/api/sheets", method: .post, headers: headers, body: ByteBuffer(string: WebFixture.sheetJSON("W1"))) {
                #expect($0.status == .created)
            }
            // The form is filled from the stored entry (a recorded read).
            try await client.execute(uri: "/api/sheets/w1", method: .get, headers: [.cookie: aylin.cookie]) { response in
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?["correctable"] as? Bool == true)
                let fields = body?["fields"] as? [String: String]
                #expect(fields?["surname"] == "Müller" && fields?["born"] == "12.03.1980" && fields?["signed_on"] == "01.05.2025")
            }
            #expect(try db.auditEntries().last.map { [$0.user, $0.action] + $0.sheets } == ["aylin", "read:correction", "W1"])
            let bernd = try await WebFixture.login(client, "bernd")
            try await client.execute(uri: "/api/sheets/W1", method: .get, headers: [.cookie: bernd.cookie]) { response in
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains("Müller"))
            }
            try await client.execute(
                uri: "/api/sheets/W1", method: .put, headers: [.cookie: bernd.cookie, .csrfToken: bernd.csrf],
                body: ByteBuffer(string: WebFixture.sheetJSON("W1", surname: "Bernd-war-hier"))
            ) { #expect($0.status == .notFound) }
            // The owner corrects the surname: same sheet, new content, checked again.
            try await client.execute(
                uri: "/api/sheets/W1", method: .put, headers: headers,
                body: ByteBuffer(string: WebFixture.sheetJSON("W1", surname: "Müller-Lüdenscheidt"))
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"counts\":true"))
            }
            try await client.execute(
                uri: "/api/sheets/W1", method: .put, headers: headers, body: ByteBuffer(string: WebFixture.sheetJSON("W9", surname: "Anders"))
            ) { #expect($0.status == .unprocessableContent) }
            #expect(try db.personalData(of: ["W1"], purpose: .show, by: "test").first?.surname == "Müller-Lüdenscheidt")
            #expect(try db.sheetCount() == 1)
            #expect(try db.auditEntries().contains { $0.action == "correction" && $0.user == "aylin" && $0.sheets == ["W1"] })
            // Once it is sent for certification the volunteer can no longer change it.
            _ = try db.setStatus([StatusChange(sheet: "W1", status: .sent)], by: "orga")
            try await client.execute(
                uri: "/api/sheets/W1", method: .put, headers: headers, body: ByteBuffer(string: WebFixture.sheetJSON("W1", surname: "Zu-spät"))
            ) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("W1 kann nicht korrigiert werden: es ist schon zur Bescheinigung"))
            }
        }
        #expect(try db.personalData(of: ["W1"], purpose: .show, by: "test").first?.surname == "Müller-Lüdenscheidt")
    }

    @Test("The correction window ends: one day after the entry day with days 0 it is refused, nothing changed")
    func correctionWindow() throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("W1"), enteredBy: "aylin", today: TestSupport.today)
        let policy = CorrectionPolicy(days: 0)
        let corrected = TestSupport.sheet("W1", surname: "Neu")
        #expect(throws: SignatureKitError.self) { try db.correct(corrected, by: "aylin", policy: policy, today: TestSupport.today.adding(days: 1)) }
        #expect(throws: SignatureKitError.self) { try db.correct(corrected, by: "bernd", policy: policy, today: TestSupport.today) }
        #expect(try db.personalData(of: ["W1"], purpose: .show, by: "t").first?.surname == "Müller")
        let outcome = try db.correct(corrected, by: "aylin", policy: CorrectionPolicy(days: 1), today: TestSupport.today.adding(days: 1))
        #expect(outcome.canCount)
        #expect(try db.personalData(of: ["W1"], purpose: .show, by: "t").first?.surname == "Neu")
    }

    @Test("Review page: both signers side by side for an organizer (a recorded read), the decision by form with the token")
    func review() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("F1"), enteredBy: "aylin", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("F2", surname: "Mueler"), enteredBy: "bernd", today: TestSupport.today)
        let pair = try #require(try db.openReviewCases().first)
        try await WebFixture.app(db).test(.router) { client in
            let orga = try await WebFixture.login(client, "orga")
            try await client.execute(uri: "/review", method: .get, headers: [.cookie: orga.cookie]) { response in
                let page = String(buffer: response.body)
                // Each sheet as a card (stacked on a phone); the differing surname marked on both.
                #expect(page.contains("<dt>Familienname</dt><dd class=\"differs\">Müller</dd>"))
                #expect(page.contains("<dt>Familienname</dt><dd class=\"differs\">Mueler</dd>"))
                #expect(page.contains("<dt>Vornamen</dt><dd>"))
                #expect(page.contains("name=\"pair\" value=\"\(pair.id)\""))
            }
            #expect(try db.auditEntries().last.map { [$0.user, $0.action] + $0.sheets } == ["orga", "read:review", "F1", "F2"])
            let form: HTTPFields = [.cookie: orga.cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(
                uri: "/review", method: .post, headers: form, body: WebFixture.form([("pair", "\(pair.id)"), ("decision", "confirmed")])
            ) {
                #expect($0.status == .forbidden)
            }
            #expect(try db.openReviewCases().count == 1)
            try await client.execute(
                uri: "/review", method: .post, headers: form,
                body: WebFixture.form([("csrf", orga.csrf), ("pair", "\(pair.id)"), ("decision", "confirmed")])
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("dieselbe Person gespeichert"))
            }
        }
        #expect(try db.openReviewCases().isEmpty)
        #expect(try db.sheetDetail("F2").duplicateOf == "F1")
        // A case that does not exist (decided and gone, or mistyped): a German message on the page, no server error.
        try await WebFixture.app(db).test(.router) { client in
            let orga = try await WebFixture.login(client, "orga")
            try await client.execute(
                uri: "/review", method: .post, headers: [.cookie: orga.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: WebFixture.form([("csrf", orga.csrf), ("pair", "999"), ("decision", "confirmed")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("class=\"problem\""))
            }
        }
    }

    @Test("Status page: one sheet by form, the office's return file by upload (a bad row changes nothing and names file, line, field)")
    func status() async throws {
        let db = try WebFixture.database()
        for n in ["S1", "S2", "S3"] { _ = try db.record(TestSupport.sheet(n, born: "0\(n.last ?? "1").01.1970"), enteredBy: "aylin") }
        try await WebFixture.app(db).test(.router) { client in
            let orga = try await WebFixture.login(client, "orga")
            let form: HTTPFields = [.cookie: orga.cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(
                uri: "/status", method: .post, headers: form, body: WebFixture.form([("csrf", orga.csrf), ("action", "mark-sent")])
            ) {
                #expect(String(buffer: $0.body).contains("3 Formblätter als versandt markiert."))
            }
            let upload: HTTPFields = [.cookie: orga.cookie, .csrfToken: orga.csrf, .contentType: "text/csv", .fileName: "R%C3%BCckmeldung.csv"]
            try await client.execute(
                uri: "/api/status-file", method: .post, headers: upload,
                body: ByteBuffer(string: "Formblatt;Status;Grund\nS1;bescheinigt;\nS2;vielleicht;\n")
            ) { response in
                #expect(response.status == .unprocessableContent)
                let text = String(buffer: response.body)
                #expect(text.contains("Rückmeldung.csv") && text.contains("Zeile 3") && text.contains("Status"))
                #expect(!text.contains("upload.csv"))
            }
            #expect(try db.sheetDetail("S1").status == .sent)
            try await client.execute(
                uri: "/api/status-file", method: .post, headers: upload,
                body: ByteBuffer(string: "Formblatt;Status;Grund\nS1;bescheinigt;\nS2;abgelehnt;not-in-ward\n")
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"changed\":2"))
            }
            try await client.execute(
                uri: "/status", method: .post, headers: form,
                body: WebFixture.form([("csrf", orga.csrf), ("action", "set"), ("sheet", "s3"), ("status", "lost"), ("reason", "")])
            ) { #expect(String(buffer: $0.body).contains("S3: jetzt verloren.")) }
            try await client.execute(uri: "/status", method: .get, headers: [.cookie: orga.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<li>bescheinigt: 1</li>") && page.contains("<li>abgelehnt: 1</li>") && page.contains("<li>verloren: 1</li>"))
            }
        }
        #expect(try db.sheetDetail("S2").rejectReason == .notInWard)
    }

    @Test("Board: submission list with names (a recorded read); admin: accounts by form, a new password ends the sessions")
    func boardAndAdmin() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("B1"), enteredBy: "aylin")
        _ = try db.setStatus([StatusChange(sheet: "B1", status: .sent), StatusChange(sheet: "B1", status: .certified)], by: "orga")
        try await WebFixture.app(db).test(.router) { client in
            let board = try await WebFixture.login(client, "vorstand")
            try await client.execute(uri: "/submission", method: .get, headers: [.cookie: board.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Müller, Anna Maria"))
                #expect(page.contains("<nav aria-label=\"Seiten\">"))
            }
            #expect(try db.auditEntries().last.map { [$0.user, $0.action] + $0.sheets } == ["vorstand", "read:submission-list", "B1"])
            let admin = try await WebFixture.login(client, "admin")
            let form: HTTPFields = [.cookie: admin.cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(
                uri: "/users", method: .post, headers: form,
                body: WebFixture.form([("csrf", admin.csrf), ("action", "add"), ("name", "carla"), ("role", "volunteer"), ("password", "kurz")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("10 Zeichen"))
            }
            try await client.execute(
                uri: "/users", method: .post, headers: form,
                body: WebFixture.form([
                    ("csrf", admin.csrf), ("action", "add"), ("name", "carla"), ("role", "volunteer"), ("password", "Carla-sammelt-viel"),
                ])
            ) { #expect(String(buffer: $0.body).contains("Konto carla (Sammler/in) angelegt.")) }
            // D18: the administration (accounts only) makes no account that sees names, nor sets such an account's password.
            try await client.execute(
                uri: "/users", method: .post, headers: form,
                body: WebFixture.form([
                    ("csrf", admin.csrf), ("action", "add"), ("name", "dora"), ("role", "board"), ("password", "Dora-liest-Namen-1"),
                ])
            ) { #expect(String(buffer: $0.body).contains("Konten, die Namen sehen (Organisation, Vorstand), legt der Vorstand mit sig-cli user an")) }
            try await client.execute(
                uri: "/users", method: .post, headers: form,
                body: WebFixture.form([("csrf", admin.csrf), ("action", "passwd"), ("name", "vorstand"), ("password", "Uebernommen-123")])
            ) { #expect($0.status == .unprocessableContent) }
            let aylin = try await WebFixture.login(client, "aylin")
            try await client.execute(
                uri: "/users", method: .post, headers: form,
                body: WebFixture.form([("csrf", admin.csrf), ("action", "passwd"), ("name", "aylin"), ("password", "Neues-Passwort-123")])
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/session", method: .get, headers: [.cookie: aylin.cookie]) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/users", method: .post, headers: form, body: WebFixture.form([("csrf", admin.csrf), ("action", "remove"), ("name", "bernd")])
            ) { #expect(String(buffer: $0.body).contains("Konto bernd entfernt")) }
        }
        #expect(try db.accounts().map(\.name) == ["admin", "aylin", "carla", "orga", "vorstand"])
        #expect(try db.account(named: "carla")?.role == .volunteer)
        #expect(try db.account(named: "dora") == nil)
        #expect(try db.verifyLogin("vorstand", password: "Vorstand-unterschreibt") != nil)
    }

    @Test("10 failed logins for one account from one address lock that pair only: others at the same address log in (over a real socket)")
    func addressLockout() async throws {
        let db = try WebFixture.database()
        try await WebFixture.app(db).test(.live) { client in
            for i in 0..<10 {
                try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "user=Orga&password=raten\(i)")
                ) { #expect($0.status == .unauthorized) }
            }
            // The guessed account from this address: locked, even with the right password.
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=orga&password=Organisation-2025")
            ) { response in
                #expect(response.status == .tooManyRequests)
                #expect(String(buffer: response.body).contains("Zu viele Fehlversuche"))
            }
            // Another account at the same address (a stand's hotspot) is not locked out.
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "user=vorstand&password=Vorstand-unterschreibt")
            ) { #expect($0.status == .ok) }
        }
    }
}

/// Bulk status (issue 16, part 3): a pasted or scanned list, a preview, one transaction, one wrong number refuses all.
struct BulkStatusTests {
    static func post(_ client: some TestClientProtocol, _ orga: (cookie: String, csrf: String), _ body: String) async throws
        -> (HTTPResponse.Status, String)
    {
        try await client.execute(
            uri: "/api/status", method: .post, headers: [.cookie: orga.cookie, .csrfToken: orga.csrf, .contentType: "application/json"],
            body: ByteBuffer(string: body)
        ) { ($0.status, String(buffer: $0.body)) }
    }

    @Test("POST /api/status: three sheets in one request, a preview first; a wrong number or a rejection without reason changes nothing")
    func bulk() async throws {
        let db = try WebFixture.database()
        for n in ["B1", "B2", "B3", "B4"] {
            _ = try db.record(TestSupport.sheet(n, surname: "Person\(n)", born: "01.01.1970"), enteredBy: "aylin")
        }
        try await WebFixture.app(db).test(.router) { client in
            let orga = try await WebFixture.login(client, "orga")
            let preview = try await Self.post(client, orga, #"{"sheets":["b1 B2\nB3"],"status":"bescheinigt","preview":true}"#)
            #expect(preview.0 == .ok)
            #expect(
                preview.1
                    == #"{"changes":[{"from":"entered","sheet":"B1","to":"certified"},{"from":"entered","sheet":"B2","to":"certified"},{"from":"entered","sheet":"B3","to":"certified"}],"unchanged":[]}"#
            )
            #expect(try await db.statusCounts()[.certified] == nil)
            let wrong = try await Self.post(client, orga, #"{"sheets":["B1","B9","B3"],"status":"certified"}"#)
            #expect(wrong.0 == .unprocessableContent)
            #expect(wrong.1.contains("B9 ist nicht erfasst; nichts geändert") && wrong.1.contains("\"field\":\"sheets\""))
            let noReason = try await Self.post(client, orga, #"{"sheets":["B4"],"status":"rejected"}"#)
            #expect(noReason.0 == .unprocessableContent && noReason.1.contains("\"field\":\"reason\""))
            #expect(try await db.statusCounts()[.entered] == 4)
            #expect(try await Self.post(client, orga, #"{"sheets":["B1","B2","B3"],"status":"certified"}"#).1 == #"{"changed":3}"#)
            let rejected = try await Self.post(client, orga, #"{"sheets":["B4"],"status":"abgelehnt","reason":"nicht im Wahlbezirk"}"#)
            #expect(rejected.1 == #"{"changed":1}"#)
            // A volunteer may not.
            let aylin = try await WebFixture.login(client, "aylin")
            #expect(try await Self.post(client, aylin, #"{"sheets":["B1"],"status":"lost"}"#).0 == .forbidden)
            // The page: a pasted list gives a preview; the board is offered the certification letter.
            let form: HTTPFields = [.cookie: orga.cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(
                uri: "/status", method: .post, headers: form,
                body: WebFixture.form([("csrf", orga.csrf), ("action", "preview"), ("sheets", "B1, B2"), ("status", "submitted")])
            ) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Vorschau: 2 Formblätter werden eingereicht"))
                #expect(page.contains("<li>B1: bescheinigt → eingereicht</li>"))
                #expect(page.contains("2 Formblätter jetzt ändern"))
                #expect(!page.contains("sig-web:"))
            }
            #expect(try await db.statusCounts()[.submitted] == nil)
        }
        #expect(try db.sheetDetail("B4").rejectReason == .notInWard)
        #expect(RejectReason(parsing: "nicht im Wahlbezirk") == .notInWard && RejectReason(parsing: "zu spät") == .tooLate)
    }
}

/// Review that settles things (issue 16, part 2): both sheets with status, findings, date, collector, nomination;
/// a conflict kept on one side withdraws the other at once.
struct ReviewSettlesTests {
    @Test("GET /api/review shows both sheets without names; keep one of a conflict and the other no longer counts; decisions by API")
    func keepOne() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("K1", nomination: .ward(3), collector: "Aylin"), enteredBy: "aylin")
        _ = try db.record(TestSupport.sheet("K2", nomination: .ward(4), collector: "Bernd"), enteredBy: "bernd")
        _ = try db.record(TestSupport.sheet("K3", nomination: .ward(3), surname: "Müler"), enteredBy: "bernd")
        try await WebFixture.app(db).test(.router) { client in
            let orga = try await WebFixture.login(client, "orga")
            let listed = try await client.execute(uri: "/api/review", method: .get, headers: [.cookie: orga.cookie]) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(listed.0 == .ok)
            #expect(!listed.1.contains("Müller") && !listed.1.contains("Hauptstraße"))
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(listed.1.utf8)) as? [String: Any])
            let cases = doc["cases"] as? [[String: Any]] ?? []
            let conflict = try #require(cases.first { $0["class"] as? String == "conflict" })
            let sheets = conflict["sheets"] as? [[String: Any]] ?? []
            #expect(sheets.map { $0["sheet"] as? String } == ["K1", "K2"])
            #expect(sheets.map { $0["label"] as? String } == ["Wahlbezirk 3", "Wahlbezirk 4"])
            #expect(sheets.map { $0["collector"] as? String } == ["Aylin", "Bernd"])
            #expect(sheets.first?["status"] as? String == "entered" && sheets.first?["signedOn"] as? String == "01.05.2025")
            let id = try #require(conflict["id"] as? Int)
            // The page offers "K1 behalten, K2 zurückziehen" and shows both sheets' state.
            try await client.execute(uri: "/review", method: .get, headers: [.cookie: orga.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("K1 behalten, K2 zurückziehen") && page.contains("K2 behalten, K1 zurückziehen"))
                #expect(page.contains("<h3>K2 – Wahlbezirk 4</h3>") && page.contains("<dt>Sammler/in</dt><dd>Bernd</dd>"))
            }
            let keep = { (body: String, case: Int) in
                try await client.execute(
                    uri: "/api/review/\(`case`)", method: .post,
                    headers: [.cookie: orga.cookie, .csrfToken: orga.csrf, .contentType: "application/json"],
                    body: ByteBuffer(string: body)
                ) { ($0.status, String(buffer: $0.body)) }
            }
            #expect(try await keep(#"{"decision":"keep","keep":"K9"}"#, id).0 == .unprocessableContent)
            #expect(try await keep(#"{"decision":"vielleicht"}"#, id).0 == .unprocessableContent)
            #expect(try await keep(#"{"decision":"keep","keep":"K1"}"#, id).0 == .ok)
            #expect(try db.sheetDetail("K2").status == .withdrawn)
            #expect(try db.sheetDetail("K1").status == .entered)
            #expect(try await keep(#"{"decision":"keep","keep":"K1"}"#, id).0 == .notFound)
            // Ward 4 no longer has K2 pending in the progress the API serves.
            try await client.execute(uri: "/api/progress", method: .get, headers: [.cookie: orga.cookie]) { response in
                let doc = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let ward4 = (doc?["nominations"] as? [[String: Any]])?.first { $0["id"] as? String == "ward:4" }
                #expect(ward4?["pending"] as? Int == 0)
            }
            // The possible duplicate K1/K3 by a decision.
            let possible = try #require(try db.openReviewCases().first)
            #expect(try await keep(#"{"decision":"same-person"}"#, Int(possible.id)).0 == .ok)
            #expect(try db.sheetDetail("K3").duplicateOf == "K1")
            let aylin = try await WebFixture.login(client, "aylin")
            try await client.execute(uri: "/api/review", method: .get, headers: [.cookie: aylin.cookie]) { #expect($0.status == .forbidden) }
        }
    }
}

/// Collectors (issue 16, part 6): who collected how many, how many may count, why the others do not.
struct CollectorTests {
    @Test("sig-report collectors and /collectors: sheets, counting, rejected by reason, rule errors; a volunteer sees her own on /mine")
    func collectors() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("C1", collector: "aylin"), enteredBy: "aylin")
        _ = try db.record(TestSupport.sheet("C2", surname: "Jung", born: "15.09.2009", collector: "aylin"), enteredBy: "aylin")
        _ = try db.record(TestSupport.sheet("C3", surname: "Kaya", collector: "aylin"), enteredBy: "aylin")
        _ = try db.record(TestSupport.sheet("C4", surname: "Berg", collector: "bernd"), enteredBy: "bernd")
        try db.setStatus(sheets: ["C3"], to: .rejected, reason: .notInWard, by: "orga")
        let report = try db.collectorReport()
        #expect(report.collectors.map(\.collector) == ["aylin", "bernd"])
        let aylin = try #require(report.collectors.first)
        #expect(aylin.sheets == 3 && aylin.counting == 1 && aylin.rejected == 1)
        #expect(aylin.rejectedByReason == ["not-in-ward": 1])
        #expect(aylin.notCountingByFinding == ["under-age": 1])
        #expect(
            report.json.contains(
                #"{"collector":"aylin","counting":1,"notCountingByFinding":{"under-age":1},"rejected":1,"rejectedByReason":{"not-in-ward":1},"sheets":3}"#
            ))
        #expect(!report.json.contains("Müller") && !report.text.contains("Kaya"))
        try await WebFixture.app(db).test(.router) { client in
            let orga = try await WebFixture.login(client, "orga")
            try await client.execute(uri: "/collectors", method: .get, headers: [.cookie: orga.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<strong>aylin</strong><br>3 Formblätter, 1 können zählen, 1 abgelehnt"))
                #expect(page.contains("vom Wahlamt abgelehnt, nicht im Wahlbezirk wohnhaft: 1; zu jung: 1"))
            }
            let volunteer = try await WebFixture.login(client, "aylin")
            try await client.execute(uri: "/mine", method: .get, headers: [.cookie: volunteer.cookie]) { response in
                #expect(
                    String(buffer: response.body).contains(
                        "Von Ihnen gesammelt (Sammler/in „aylin“): 3 Formblätter, 1 können zählen, 1 vom Wahlamt abgelehnt."))
            }
        }
    }
}

/// The campaign's profile (issue 16, part 5) and the public counter (part 7).
struct ProfileTests {
    @Test("The letter and the lists name the voter group, address, contact, signatory and candidate; the letter has the campaign's day")
    func profilePrinted() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("P1", nomination: .ward(12)), enteredBy: "aylin")
        var profile = CampaignProfile()
        profile.group = "Liste Unabhängiger Krefelder Stimmen"
        profile.address = "Ostwall 1, 47798 Krefeld"
        profile.contact = "Erika Beispiel, 02151 123456"
        profile.signatory = "Max Vorstand"
        profile.candidates = ["ward:12": "Hanna Kandidatin"]
        try db.setProfile(profile)
        #expect(try db.profile() == profile)
        var bad = profile
        bad.candidates = ["ward:99": "Niemand"]
        #expect(throws: SignatureKitError.self) { try db.setProfile(bad) }
        let day = TestSupport.day("2025-06-30")
        try db.setStatus(sheets: ["P1"], to: .certified, reason: nil, by: "orga")
        try await Application(router: WebApp(backend: db, today: { day }).router()).test(.router) { client in
            let board = try await WebFixture.login(client, "vorstand")
            _ = try db.record(TestSupport.sheet("P2", nomination: .ward(12), surname: "Zweite"), enteredBy: "aylin")
            try await client.execute(uri: "/certification", method: .get, headers: [.cookie: board.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(
                    page.contains("Liste Unabhängiger Krefelder Stimmen<br>Ostwall 1, 47798 Krefeld<br>Ansprechperson: Erika Beispiel, 02151 123456"))
                #expect(page.contains("Krefeld, 30.06.2025"))
                #expect(page.contains("Unterschrift Vorstand: Max Vorstand, Liste Unabhängiger Krefelder Stimmen"))
            }
            try await client.execute(uri: "/submission", method: .get, headers: [.cookie: board.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Wahlvorschlag der Liste Unabhängiger Krefelder Stimmen"))
                #expect(page.contains("Bewerber/in: <b>Hanna Kandidatin</b>"))
            }
            // The public counter is off by default.
            try await client.execute(uri: "/public/progress", method: .get) { #expect($0.status == .notFound) }
        }
        profile.publicProgress = true
        try db.setProfile(profile)
        try await Application(router: WebApp(backend: db, today: { day }).router()).test(.router) { client in
            try await client.execute(uri: "/public/progress", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("<strong>Wahlbezirk 12</strong>: 1 von 10 bescheinigt"))
                #expect(!page.contains("P1") && !page.contains("P2") && !page.contains("Müller") && !page.contains("Zweite"))
            }
        }
    }

    @Test("sig-cli profile sets and shows the profile; a bad candidate is refused with the option named")
    func profileCLI() throws {
        let cli = CLITests()
        let db = TestSupport.tempDir().appendingPathComponent("p.sqlite").path
        #expect(try cli.run("sig-cli", ["init", "--db", db]).status == 0)
        let set = try cli.run(
            "sig-cli",
            ["profile", "--db", db, "--group", "LUKS", "--contact", "Erika", "--candidate", "12=Hanna Kandidatin", "--public-progress", "on"])
        #expect(set.status == 0, "\(set.err)")
        #expect(set.out.contains("Wählergruppe: LUKS") && set.out.contains("Bewerber/in Wahlbezirk 12: Hanna Kandidatin"))
        #expect(set.out.contains("Öffentlicher Zähler (/public/progress): an"))
        let bad = try cli.run("sig-cli", ["profile", "--db", db, "--candidate", "Hanna"])
        #expect(bad.status == 64 && bad.err.contains("--candidate"))
        #expect(try SignatureDatabase.open(at: db).profile().group == "LUKS")
    }
}
