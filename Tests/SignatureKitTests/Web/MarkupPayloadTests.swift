import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// A signer named like an HTML/script payload, pushed through every page that shows what people typed: nothing
/// of it reaches the page as markup.
struct MarkupPayloadTests {
    static let payloads = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>", "<b>fett</b>", "'><svg onload=alert(3)>"]

    static func hostile(_ number: String, nomination: NominationID, index: Int) -> SheetInput {
        TestSupport.sheet(
            number, nomination: nomination, surname: payloads[index % 4], given: payloads[(index + 1) % 4], street: payloads[(index + 2) % 4],
            house: "1", collector: payloads[(index + 3) % 4])
    }

    @Test("Names, streets and collectors with markup: every page that shows them escapes them")
    func everyPageEscapes() async throws {
        let db = try WebFixture.database()
        // A conflict pair (/review), certified sheets (/submission), entered ones (/certification), a volunteer's own (/mine).
        _ = try db.record(Self.hostile("F000001", nomination: .ward(3), index: 0), enteredBy: "aylin")
        _ = try db.record(Self.hostile("F000002", nomination: .ward(4), index: 0), enteredBy: "aylin")
        _ = try db.record(Self.hostile("F000003", nomination: .ward(12), index: 1), enteredBy: "aylin")
        try db.setStatus([StatusChange(sheet: "F000003", status: .certified)], by: "orga")
        _ = try db.record(Self.hostile("F000004", nomination: .list, index: 2), enteredBy: "aylin")
        // Each page with what it must show escaped (the payload is there, as text).
        let pages: [(user: String, path: String, shown: String?)] = [
            ("orga", "/review", "&lt;script&gt;alert(1)&lt;/script&gt;"), ("orga", "/correct?sheet=F000001", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("orga", "/collectors", "&lt;svg onload=alert(3)&gt;"), ("orga", "/status", nil), ("orga", "/progress", nil),
            ("vorstand", "/submission", "&lt;img src=x onerror=alert(2)&gt;"), ("vorstand", "/certification", nil), ("aylin", "/mine", nil),
        ]
        try await WebFixture.app(db).test(.router) { client in
            for (user, path, shown) in pages {
                let session = try await WebFixture.login(client, user)
                try await client.execute(uri: path, method: .get, headers: [.cookie: session.cookie]) { response in
                    #expect(response.status == .ok, "\(path)")
                    let page = String(buffer: response.body)
                    if let shown { #expect(page.contains(shown), "\(path) does not show the value") }
                    for raw in ["<script>alert", "<img src=x", "<b>fett", "<svg onload"] {
                        #expect(!page.contains(raw), "\(path) shows \(raw) as markup")
                    }
                }
            }
        }
    }

    @Test("The double-entry view of two differing entries escapes both typists' values")
    func mismatchView() async throws {
        let db = try WebFixture.database()
        try db.setDoubleEntry(true)
        _ = try db.enterTwice(Self.hostile("F000009", nomination: .ward(3), index: 0), by: "aylin")
        _ = try db.enterTwice(Self.hostile("F000009", nomination: .ward(3), index: 1), by: "bernd")
        try await WebFixture.app(db).test(.router) { client in
            let orga = try await WebFixture.login(client, "orga")
            try await client.execute(uri: "/review", method: .get, headers: [.cookie: orga.cookie]) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("Doppelerfassung: abweichende Eingaben"))
                #expect(page.contains("&lt;b&gt;fett&lt;/b&gt;"))
                for raw in ["<script>alert", "<img src=x", "<b>fett", "<svg onload"] { #expect(!page.contains(raw), "shows \(raw)") }
            }
        }
    }
}
