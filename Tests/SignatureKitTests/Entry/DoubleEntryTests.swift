import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// Double entry: a sheet counts as entered only when two different people typed it alike.
struct DoubleEntryTests {
    @Test("First entry waits (a retry by the same person changes nothing); an agreeing second entry records it as the first typist's")
    func agreeing() throws {
        let db = try TestSupport.database()
        try db.setDoubleEntry(true)
        #expect(try db.doubleEntry())
        let sheet = TestSupport.sheet("D1")
        #expect(try db.enterTwice(sheet, by: "aylin", clientID: "a-1", today: TestSupport.today) == .awaitingSecond(sheet: "D1"))
        #expect(try db.enterTwice(sheet, by: "aylin", clientID: "a-1", today: TestSupport.today) == .awaitingSecond(sheet: "D1"))
        #expect(try db.sheetCount() == 0)
        guard case .recorded(let outcome) = try db.enterTwice(sheet, by: "bernd", today: TestSupport.today) else {
            Issue.record("not recorded")
            return
        }
        #expect(outcome.canCount)
        #expect(try db.sheetCount() == 1)
        #expect(try db.sheetDetail("D1").enteredBy == "aylin")
        #expect(try db.entryMismatches().isEmpty)
        // A third typist of the same sheet: it is stored already, same content.
        #expect(try db.enterTwice(sheet, by: "carla", today: TestSupport.today) == .recorded(.alreadyPresent(sheet: "D1")))
        #expect(try db.auditEntries().map(\.action).filter { $0.hasPrefix("entry") } == ["entry:first", "entry:confirmed"])
    }

    @Test("Differing entries go to the review queue with the fields named; the organizer's choice is recorded as its typist's")
    func mismatch() throws {
        let db = try TestSupport.database(meeting: "2025-03-01")
        try db.setDoubleEntry(true)
        _ = try db.enterTwice(TestSupport.sheet("D2"), by: "aylin", today: TestSupport.today)
        let second = TestSupport.sheet("D2", surname: "Müler", born: "21.03.1980")
        #expect(try db.enterTwice(second, by: "bernd", today: TestSupport.today) == .mismatch(sheet: "D2", fields: ["surname", "born"]))
        #expect(try db.sheetCount() == 0)
        let open = try db.entryMismatches()
        #expect(open.map(\.sheet) == ["D2"] && open.first?.fields == ["surname", "born"])
        #expect(open.first?.entries.map(\.enteredBy) == ["aylin", "bernd"])
        let drafts = try db.mismatchEntries("D2", by: "orga")
        #expect(drafts.map(\.input.surname) == ["Müller", "Müler"])
        #expect(try db.auditEntries().last.map { [$0.user, $0.action] + $0.sheets } == ["orga", "read:review", "D2"])
        let kept = try #require(drafts.first)
        let outcome = try db.resolveMismatch("D2", keep: kept.id, by: "orga", today: TestSupport.today)
        #expect(outcome.canCount)
        #expect(try db.personalData(of: ["D2"], purpose: .show, by: "t").first?.surname == "Müller")
        #expect(try db.sheetDetail("D2").enteredBy == "aylin")
        #expect(try db.entryMismatches().isEmpty)
    }

    @Test("In an encrypted database a waiting entry holds no name in clear")
    func sealedDrafts() throws {
        let db = try SignatureDatabase.inMemory(election: TestSupport.election, passphrase: "geheim-genug")
        try db.setDoubleEntry(true)
        _ = try db.enterTwice(TestSupport.sheet("D3", surname: "Vogelsang"), by: "aylin", today: TestSupport.today)
        let payload = try db.read { try String.fetchOne($0, sql: "SELECT payload FROM entryDraft") } ?? ""
        #expect(payload.hasPrefix("e1:") && !payload.contains("Vogelsang"))
        #expect(try db.mismatchEntries("D3", by: "t").first?.input.surname == "Vogelsang")
    }

    @Test("Over the API: 202 for the first entry, 201 when a second volunteer agrees; a mismatch is settled on /review")
    func web() async throws {
        let db = try WebFixture.database()
        try db.setDoubleEntry(true)
        try await WebFixture.app(db).test(.router) { client in
            let aylin = try await WebFixture.login(client, "aylin")
            let bernd = try await WebFixture.login(client, "bernd")
            let post = { (who: (cookie: String, csrf: String), body: String) in
                try await client.execute(
                    uri: "/api/sheets", method: .post, headers: [.cookie: who.cookie, .csrfToken: who.csrf], body: ByteBuffer(string: body)
                ) { ($0.status, String(buffer: $0.body)) }
            }
            let first = try await post(aylin, WebFixture.sheetJSON("E1"))
            #expect(first.0 == .accepted && first.1.contains("\"state\":\"awaiting-second-entry\"") && first.1.contains("\"counts\":false"))
            let second = try await post(bernd, WebFixture.sheetJSON("E1"))
            #expect(second.0 == .created && second.1.contains("\"counts\":true"))
            _ = try await post(aylin, WebFixture.sheetJSON("E2"))
            let differing = try await post(bernd, WebFixture.sheetJSON("E2", given: "Anne"))
            #expect(differing.0 == .accepted && differing.1.contains("\"fields\":[]") && differing.1.contains("\"state\":\"mismatch\""))
            _ = try await post(aylin, WebFixture.sheetJSON("E3"))
            try await client.execute(uri: "/mine", method: .get, headers: [.cookie: aylin.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<li>E2: weicht von der zweiten Eingabe ab"))
                #expect(page.contains("<li>E3: wartet auf die Eingabe einer zweiten Person</li>"))
                #expect(page.contains("1 von Ihnen erfasste Formblätter"))
            }
            let orga = try await WebFixture.login(client, "orga")
            let drafts = try db.mismatchEntries("E2", by: "test")
            try #require(drafts.count == 2)
            try await client.execute(uri: "/review", method: .get, headers: [.cookie: orga.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<tr class=\"differs\"><th scope=\"row\">Vornamen</th><td>Anna</td><td>Anne</td></tr>"))
            }
            try await client.execute(
                uri: "/review", method: .post, headers: [.cookie: orga.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: WebFixture.form([("csrf", orga.csrf), ("action", "resolve"), ("sheet", "E2"), ("draft", "\(drafts[1].id)")])
            ) { #expect(String(buffer: $0.body).contains("E2: gespeichert – kann zählen.")) }
        }
        #expect(try db.sheets().map(\.sheet) == ["E1", "E2"])
        #expect(try db.personalData(of: ["E2"], purpose: .show, by: "t").first?.givenNames == "Anne")
    }
}
