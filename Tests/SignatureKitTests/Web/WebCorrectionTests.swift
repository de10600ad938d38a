import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// Organizers correct any sheet on the web (issue 16, part 1): `PUT /api/sheets/N` with the fields and `reason`, and
/// the page `/correct`; volunteers keep only their own window.
struct WebCorrectionTests {
    static func put(_ client: some TestClientProtocol, _ login: (cookie: String, csrf: String), _ sheet: String, _ object: [String: Any])
        async throws -> (HTTPResponse.Status, [String: Any])
    {
        try await client.execute(
            uri: "/api/sheets/\(sheet)", method: .put,
            headers: [.cookie: login.cookie, .csrfToken: login.csrf, .contentType: "application/json"],
            body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: object))
        ) { ($0.status, (try? JSONSerialization.jsonObject(with: Data(buffer: $0.body))) as? [String: Any] ?? [:]) }
    }

    @Test("PUT as organizer: a reason is required (422 naming it), the fields given change, the verdict comes back; a volunteer gets 404")
    func api() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("F000010", born: "12.03.2011"), enteredBy: "aylin", today: TestSupport.today)
        try await WebFixture.app(db).test(.router) { client in
            let orga = try await WebFixture.login(client, "orga")
            let (missing, refusal) = try await Self.put(client, orga, "F000010", ["born": "12.03.1981"])
            #expect(missing == .unprocessableContent)
            #expect((refusal["errors"] as? [[String: String]])?.first?["field"] == "reason")
            let (status, body) = try await Self.put(client, orga, "F000010", ["born": "12.03.1981", "reason": "Tippfehler beim Jahr"])
            #expect(status == .ok)
            #expect(body["state"] as? String == "corrected" && body["counts"] as? Bool == true)
            #expect(body["changed"] as? [String] == ["born"])
            let (bad, badBody) = try await Self.put(client, orga, "F000010", ["born": "31.02.1981", "reason": "Tippfehler"])
            #expect(bad == .unprocessableContent)
            #expect((badBody["errors"] as? [[String: String]])?.first?["field"] == "born")
            let bernd = try await WebFixture.login(client, "bernd")
            let whole: [String: Any] = [
                "sheet": "F000010", "nomination": "ward:12", "surname": "Müller", "given_names": "Anna Maria", "born": "12.03.1990",
                "street": "Hauptstraße", "house_number": "12a", "postal_code": "47798", "city": "Krefeld", "signed_on": "01.05.2025",
                "collector": "Aylin", "reason": "Probe",
            ]
            let (other, _) = try await Self.put(client, bernd, "F000010", whole)
            #expect(other == .notFound)
            let (unknown, _) = try await Self.put(client, orga, "F999999", ["born": "12.03.1990", "reason": "Tippfehler"])
            #expect(unknown == .notFound)
        }
        #expect(try db.personalData(of: ["F000010"], purpose: .show, by: "test").first?.birthDate == TestSupport.day("12.03.1981"))
        #expect(try db.sheetDetail("F000010").corrections.count == 1)
    }

    @Test("A certified sheet: 422 without confirm, corrected with confirm: true and the note in the answer")
    func certified() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("F000010"), enteredBy: "aylin", today: TestSupport.today)
        try db.setStatus([StatusChange(sheet: "F000010", status: .certified)], by: "orga")
        try await WebFixture.app(db).test(.router) { client in
            let orga = try await WebFixture.login(client, "orga")
            let (refused, body) = try await Self.put(client, orga, "F000010", ["house_number": "14", "reason": "Rückmeldung des Wahlamts"])
            #expect(refused == .unprocessableContent)
            #expect((body["errors"] as? [[String: String]])?.first?["field"] == "confirm")
            #expect(try db.sheetDetail("F000010").corrections.isEmpty)
            let (status, done) = try await Self.put(
                client, orga, "F000010", ["house_number": "14", "reason": "Rückmeldung des Wahlamts", "confirm": true])
            #expect(status == .ok)
            let codes = (done["findings"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(codes.contains("corrected-after-certification"))
        }
        #expect(try db.sheetDetail("F000010").status == .certified)
    }

    @Test("The page: the form filled from the stored sheet (a recorded read), a reason required, the confirmation box for a certified sheet")
    func page() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("F000010", surname: "Meier"), enteredBy: "aylin", today: TestSupport.today)
        try db.setStatus([StatusChange(sheet: "F000010", status: .certified)], by: "orga")
        try await WebFixture.app(db).test(.router) { client in
            let orga = try await WebFixture.login(client, "orga")
            try await client.execute(uri: "/correct?sheet=f000010", method: .get, headers: [.cookie: orga.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("value=\"Meier\"") && page.contains("name=\"confirm\""))
            }
            #expect(try db.auditEntries().last.map { [$0.user, $0.action] + $0.sheets } == ["orga", "read:amendment", "F000010"])
            let form: HTTPFields = [.cookie: orga.cookie, .contentType: "application/x-www-form-urlencoded"]
            let fields = [("csrf", orga.csrf), ("sheet", "F000010"), ("surname", "Maier"), ("reason", "")]
            try await client.execute(uri: "/correct", method: .post, headers: form, body: WebFixture.form(fields)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Grund der Korrektur fehlt"))
            }
            try await client.execute(
                uri: "/correct", method: .post, headers: form,
                body: WebFixture.form(fields.dropLast() + [("reason", "Name laut Wahlamt"), ("confirm", "true")])
            ) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("F000010 korrigiert (Familienname)"))
                #expect(page.contains("nach der Bescheinigung"))
            }
            try await client.execute(uri: "/correct?sheet=F404", method: .get, headers: [.cookie: orga.cookie]) {
                #expect($0.status == .notFound)
            }
        }
        #expect(try db.personalData(of: ["F000010"], purpose: .show, by: "test").first?.surname == "Maier")
    }
}

/// The public counter (issue 16, part 7) against the whole demo campaign.
struct PublicCounterDemoTests {
    @Test("/public/progress on the demo: no sheet number, no signer's name, no collector – only valid/target per nomination and the deadline")
    func nothingPersonal() async throws {
        let path = TestSupport.tempDir().appendingPathComponent("demo.sqlite").path
        let db = try DemoData.createDemoDatabase(at: path)
        var profile = try db.profile()
        profile.publicProgress = true
        try db.setProfile(profile)
        let sheets = try db.sheets()
        let signers = try db.personalData(of: sheets.map(\.sheet), purpose: .list, by: "test")
        #expect(sheets.count == 800 && signers.count == 800)
        try await Application(router: WebApp(backend: db, today: { TestSupport.day("2025-06-30") }).router()).test(.router) { client in
            try await client.execute(uri: "/public/progress", method: .get) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                let words = Set(page.split { !$0.isLetter && !$0.isNumber && $0 != "-" }.map(String.init))
                for s in sheets {
                    #expect(!page.contains(s.sheet), "sheet \(s.sheet)")
                    if !s.collector.isEmpty { #expect(!words.contains(s.collector), "collector") }
                }
                for signer in signers {
                    #expect(!words.contains(signer.surname), "a surname")
                    #expect(!page.contains(signer.fullName), "a name")
                    #expect(!page.contains("\(signer.street) \(signer.houseNumber)"), "an address")
                }
                #expect(page.contains("Wahlbezirk 12") && page.contains("07.07.2025"))
            }
        }
    }
}

/// The campaign's profile on the web (issue 16, part 5) for the board and the admin.
struct ProfilePageTests {
    @Test(
        "/profile: the board sets group, address, contact, a candidate and the public counter; a bad field is named, nothing stored; organizers get 403"
    )
    func boardSetsProfile() async throws {
        let db = try WebFixture.database()
        try await WebFixture.app(db).test(.router) { client in
            let board = try await WebFixture.login(client, "vorstand")
            let form: HTTPFields = [.cookie: board.cookie, .contentType: "application/x-www-form-urlencoded"]
            let fields = [
                ("csrf", board.csrf), ("group", "LUKS"), ("address", "Ostwall 1\r\n47798 Krefeld"), ("contact", "Erika Beispiel"),
                ("signatory", "Max Vorstand"), ("candidate:ward:12", "Hanna Kandidatin"), ("candidate:ward:3", ""), ("public_progress", "on"),
            ]
            try await client.execute(uri: "/profile", method: .post, headers: form, body: WebFixture.form(fields)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Gespeichert."))
            }
            let stored = try db.profile()
            #expect(stored.group == "LUKS" && stored.address == "Ostwall 1\n47798 Krefeld" && stored.contact == "Erika Beispiel")
            #expect(stored.candidates == ["ward:12": "Hanna Kandidatin"] && stored.publicProgress)
            try await client.execute(
                uri: "/profile", method: .post, headers: form, body: WebFixture.form([("csrf", board.csrf), ("group", "LUKS\u{202E}x")])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("Nicht gespeichert: Name der Wählergruppe: enthält Steuerzeichen"))
            }
            #expect(try db.profile() == stored)
            try await client.execute(uri: "/profile", method: .get, headers: [.cookie: board.cookie]) { response in
                #expect(String(buffer: response.body).contains("value=\"Hanna Kandidatin\""))
            }
            let orga = try await WebFixture.login(client, "orga")
            try await client.execute(
                uri: "/profile", method: .post, headers: [.cookie: orga.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: WebFixture.form([("csrf", orga.csrf), ("group", "Fremd")])
            ) { #expect($0.status == .forbidden) }
        }
        #expect(try db.profile().group == "LUKS")
    }
}
