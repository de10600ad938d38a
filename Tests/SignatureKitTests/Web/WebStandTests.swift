import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// The stand over the API: every accepted date form and nomination label, every refused one (422 naming the field),
/// every pair as a finding, the ward from the street directory, the campaign's own nominations, sessions across a restart.
struct WebStandTests {
    static func body(_ sheet: String, _ change: [String: String] = [:]) -> ByteBuffer {
        var values = [
            "sheet": sheet, "nomination": "ward:3", "surname": "Lehmann", "given_names": "Anna", "born": "12.03.1980", "street": "Hauptstraße",
            "house_number": "12", "postal_code": "47798", "city": "Krefeld", "signed_on": "01.05.2025", "collector": "",
        ]
        values.merge(change) { $1 }
        return ByteBuffer(data: (try? JSONSerialization.data(withJSONObject: values)) ?? Data())
    }

    static func post(_ client: some TestClientProtocol, _ login: (cookie: String, csrf: String), _ body: ByteBuffer) async throws
        -> (HTTPResponse.Status, [String: Any])
    {
        try await client.execute(
            uri: "/api/sheets", method: .post, headers: [.cookie: login.cookie, .csrfToken: login.csrf, .contentType: "application/json"],
            body: body
        ) { ($0.status, (try? JSONSerialization.jsonObject(with: Data(buffer: $0.body))) as? [String: Any] ?? [:]) }
    }

    @Test("Every accepted date form and nomination label is stored as the same values; a collector may be empty")
    func acceptedForms() async throws {
        let db = try WebFixture.database()
        try await WebFixture.app(db).test(.router) { client in
            let aylin = try await WebFixture.login(client, "aylin")
            let cases: [(String, [String: String], String, String, String)] = [
                ("A1", ["born": "12.03.1980"], "ward:3", "1980-03-12", "2025-05-01"),
                ("A2", ["born": "1980-03-12", "signed_on": "2025-05-01"], "ward:3", "1980-03-12", "2025-05-01"),
                ("A3", ["born": "12031980", "signed_on": "01052025"], "ward:3", "1980-03-12", "2025-05-01"),
                ("A4", ["born": "12.03.80", "signed_on": "01.05.25"], "ward:3", "1980-03-12", "2025-05-01"),
                ("A5", ["born": "1.3.09", "nomination": "12"], "ward:12", "2009-03-01", "2025-05-01"),
                ("A6", ["born": "14.09.25", "nomination": "Wahlbezirk 13"], "ward:13", "2025-09-14", "2025-05-01"),
                ("A7", ["born": "15.09.25", "nomination": "Reserveliste"], "list", "1925-09-15", "2025-05-01"),
                ("A8", ["nomination": "Oberbürgermeister/in"], "mayor", "1980-03-12", "2025-05-01"),
                ("A9", ["nomination": "Bezirksvertretung süd"], "district:Süd", "1980-03-12", "2025-05-01"),
                ("A10", ["nomination": "WB7"], "ward:7", "1980-03-12", "2025-05-01"),
            ]
            for (sheet, change, nomination, born, signed) in cases {
                var values = change
                values["surname"] = "Person\(sheet)"
                let (status, answer) = try await Self.post(client, aylin, Self.body(sheet, values))
                #expect(status == .created, "\(sheet): \(answer)")
                let stored = try #require(try db.personalData(of: [sheet], purpose: .correction, by: "test").first)
                #expect(stored.birthDate?.iso == born, "\(sheet)")
                let detail = try db.sheetDetail(sheet)
                #expect(detail.nomination?.description == nomination, "\(sheet)")
                #expect(detail.signedOn?.iso == signed, "\(sheet)")
                #expect(!detail.findings.contains { $0.code == "incomplete" }, "\(sheet): empty collector")
            }
        }
        #expect(try db.sheetCount() == 10)
    }

    @Test("Every refused form is 422 naming the field in German; nothing is stored or changed")
    func refusedForms() async throws {
        let db = try WebFixture.database()
        try await WebFixture.app(db).test(.router) { client in
            let aylin = try await WebFixture.login(client, "aylin")
            let refused: [([String: String], String, String)] = [
                (["born": "31.02.1970"], "born", "Geburtsdatum: kein gültiges Datum"),
                (["born": "12.13.1980"], "born", "Geburtsdatum: kein gültiges Datum"),
                (["born": "1203198"], "born", "Geburtsdatum: kein gültiges Datum"),
                (["born": "12/03/1980"], "born", "Geburtsdatum: kein gültiges Datum"),
                (["signed_on": "29.02.25"], "signed_on", "Unterschrieben am: kein gültiges Datum"),
                (["nomination": "0"], "nomination", "Wahlvorschlag: unbekannt"),
                (["nomination": "Wahlbezirk"], "nomination", "Wahlvorschlag: unbekannt"),
                (["nomination": "99"], "nomination", "Wahlvorschlag: Wahlbezirk 99 gibt es in dieser Wahl nicht"),
                (
                    ["nomination": "Bezirksvertretung Atlantis"], "nomination",
                    "Wahlvorschlag: Bezirksvertretung Atlantis gibt es in dieser Wahl nicht"
                ),
                (["postal_code": "4779"], "postal_code", "PLZ: Postleitzahl muss fünfstellig sein"),
            ]
            for (change, field, message) in refused {
                let (status, answer) = try await Self.post(client, aylin, Self.body("R1", change))
                #expect(status == .unprocessableContent, "\(change)")
                let errors = answer["errors"] as? [[String: String]] ?? []
                #expect(errors.first?["field"] == field, "\(change)")
                #expect(errors.first?["message"]?.hasPrefix(message) == true, "\(change): \(errors)")
            }
        }
        #expect(try db.sheetCount() == 0)
    }

    @Test("POST and PUT list every pair as a finding: code = pair class, severity, a German message, the other sheet")
    func pairsAsFindings() async throws {
        let db = try WebFixture.database()
        try await WebFixture.app(db).test(.router) { client in
            let aylin = try await WebFixture.login(client, "aylin")
            _ = try await Self.post(client, aylin, Self.body("F000002"))
            let (status, conflict) = try await Self.post(client, aylin, Self.body("F000003", ["nomination": "ward:4"]))
            #expect(status == .created)
            let findings = conflict["findings"] as? [[String: Any]] ?? []
            let pair = try #require(findings.first { $0["sheet"] != nil })
            #expect(pair["code"] as? String == "conflict")
            #expect(pair["severity"] as? String == "error")
            #expect(pair["sheet"] as? String == "F000002")
            #expect(pair["nomination"] as? String == "ward:3")
            #expect((pair["message"] as? String)?.hasPrefix("Diese Person hat schon für Wahlbezirk 3 unterschrieben (F000002) – nachfragen") == true)
            #expect(conflict["severity"] as? String == "error")
            #expect(conflict["state"] as? String == "stored")
            let (_, possible) = try await Self.post(client, aylin, Self.body("F000004", ["surname": "Leman"]))
            let codes = (possible["findings"] as? [[String: Any]] ?? []).compactMap { f in (f["sheet"] as? String).map { "\(f["code"] ?? "") \($0)" }
            }
            #expect(codes.contains("possible-duplicate F000002"))
            #expect(possible["counts"] as? Bool == true)
            // A correction (PUT) answers with the same verdict: here the exact duplicate of F000002.
            let put = try await client.execute(
                uri: "/api/sheets/F000004", method: .put,
                headers: [.cookie: aylin.cookie, .csrfToken: aylin.csrf, .contentType: "application/json"], body: Self.body("F000004")
            ) { ($0.status, (try? JSONSerialization.jsonObject(with: Data(buffer: $0.body))) as? [String: Any] ?? [:]) }
            #expect(put.0 == .ok)
            #expect(put.1["duplicateOf"] as? String == "F000002")
            let dup = (put.1["findings"] as? [[String: Any]] ?? []).first { $0["code"] as? String == "duplicate" }
            #expect(dup?["sheet"] as? String == "F000002" && dup?["severity"] as? String == "error")
        }
    }

    @Test("GET /api/ward answers the ward of an address from the directory, 404 with a German message when unknown")
    func ward() async throws {
        let db = try WebFixture.database()
        try await WebFixture.app(db).test(.router) { client in
            let aylin = try await WebFixture.login(client, "aylin")
            try await client.execute(uri: "/api/ward?street=Hauptstra%C3%9Fe&number=12", method: .get, headers: [.cookie: aylin.cookie]) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("Kein Straßenverzeichnis geladen"))
            }
            try db.replaceStreetDirectory([StreetEntry(street: "Hauptstraße", from: 1, to: 99, parity: .all, ward: 13, district: "mitte")])
            try await client.execute(uri: "/api/ward?street=Hauptstr.&number=12a", method: .get, headers: [.cookie: aylin.cookie]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"district":"district:Mitte","label":"Wahlbezirk 13","ward":"ward:13"}"#)
            }
            try await client.execute(uri: "/api/ward?street=Hauptstra%C3%9Fe&number=120", method: .get, headers: [.cookie: aylin.cookie]) {
                response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("nicht im Straßenverzeichnis"))
            }
            try await client.execute(uri: "/api/ward?street=Hauptstra%C3%9Fe", method: .get, headers: [.cookie: aylin.cookie]) {
                #expect($0.status == .unprocessableContent)
            }
            try await client.execute(uri: "/api/ward?street=Hauptstra%C3%9Fe&number=12", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("The entry context has the campaign's nominations in German, the cut-offs and no personal data")
    func entryContext() async throws {
        var db = try WebFixture.database()
        db = try db.setCampaignNominations(try db.election.nominationList("ward:1-3,mayor"))
        _ = try db.record(TestSupport.sheet("P1", nomination: .ward(2)), enteredBy: "aylin")
        try await WebFixture.app(db).test(.router) { client in
            let aylin = try await WebFixture.login(client, "aylin")
            try await client.execute(uri: "/api/entry-context", method: .get, headers: [.cookie: aylin.cookie]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                let text = String(buffer: response.body)
                #expect(!text.contains("Müller"))
                let ctx = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(ctx["latestBirthDate"] as? String == "2009-09-14")
                #expect(ctx["deadlineDay"] as? String == "2025-07-07")
                let nominations = ctx["nominations"] as? [[String: Any]] ?? []
                #expect(
                    nominations.filter { $0["campaign"] as? Bool == true }.compactMap { $0["label"] as? String } == [
                        "Wahlbezirk 1", "Wahlbezirk 2", "Wahlbezirk 3", "Oberbürgermeister/in",
                    ])
            }
            // A nomination the campaign does not run is refused at entry.
            let (status, answer) = try await Self.post(client, aylin, Self.body("P2", ["nomination": "list"]))
            #expect(status == .unprocessableContent)
            #expect("\(answer)".contains("gehört nicht zu den Wahlvorschlägen dieser Kampagne"))
        }
    }

    @Test("A session survives a restart: a new server on the same database knows it; logout ends it there too")
    func sessionsSurviveRestart() async throws {
        let db = try WebFixture.database()
        let login = try await WebFixture.app(db).test(.router) { client in try await WebFixture.login(client, "aylin") }
        // The token is not stored, only its hash.
        let token = String(login.cookie.split(separator: "=").last ?? "")
        #expect(try db.storedSession(token: token, now: Date()) != nil)
        #expect(try db.storedSession(token: token + "x", now: Date()) == nil)
        try await WebFixture.app(db).test(.router) { client in
            try await client.execute(uri: "/api/session", method: .get, headers: [.cookie: login.cookie]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"csrf\":\"\(login.csrf)\""))
            }
            try await client.execute(uri: "/logout", method: .post, headers: [.cookie: login.cookie, .csrfToken: login.csrf]) {
                #expect($0.status == .noContent)
            }
        }
        try await WebFixture.app(db).test(.router) { client in
            try await client.execute(uri: "/api/session", method: .get, headers: [.cookie: login.cookie]) { #expect($0.status == .unauthorized) }
        }
        // A password change ends it, as before.
        let second = try await WebFixture.app(db).test(.router) { client in try await WebFixture.login(client, "aylin") }
        try db.setPassword("aylin", password: "Noch-ein-Passwort-2")
        try await WebFixture.app(db).test(.router) { client in
            try await client.execute(uri: "/api/session", method: .get, headers: [.cookie: second.cookie]) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("/mine says in words why a sheet does not count, with the nomination's German label")
    func mineSaysWhy() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("M1", nomination: .ward(5), born: "15.09.2009"), enteredBy: "aylin")
        _ = try db.record(TestSupport.sheet("M2", nomination: .list, surname: "Kaya", born: "01.01.1990"), enteredBy: "aylin")
        try await WebFixture.app(db).test(.router) { client in
            let aylin = try await WebFixture.login(client, "aylin")
            try await client.execute(uri: "/mine", method: .get, headers: [.cookie: aylin.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<strong>M1</strong> – Wahlbezirk 5"))
                #expect(page.contains("Zählt nicht: Am Wahltag 14.09.2025 noch nicht 16 Jahre alt (geboren nach dem 14.09.2009)."))
                #expect(page.contains("<strong>M2</strong> – Reserveliste"))
                #expect(page.contains("Kann zählen."))
                #expect(!page.contains("Müller") && !page.contains("Kaya"))
            }
        }
    }
}
