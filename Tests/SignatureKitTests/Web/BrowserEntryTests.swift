import Foundation
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// The stand: what a volunteer sees on the phone (390×844) in a real browser – every pair in the verdict, the verdict
/// in view, checks without a network, the nomination chosen, the ward proposed, sessions across a restart, the manifest.
@Suite(.serialized)
struct BrowserEntryTests {
    static func fields(
        _ sheet: String, nomination: String = "ward:3", surname: String = "Lehmann", born: String = "12.03.1980", signed: String = "01.05.2025"
    ) -> [(String, String)] {
        [
            ("sheet", sheet), ("nomination", nomination), ("surname", surname), ("given_names", "Anna"), ("born", born),
            ("street", "Hauptstraße"), ("house_number", "12"), ("postal_code", "47798"), ("city", "Krefeld"), ("signed_on", signed),
        ]
    }

    static func atEntry(_ browser: WebDriver, _ server: LiveServer, _ user: String = "aylin") async throws {
        try await BrowserTests.login(browser, server, user)
        try await browser.wait(
            "Erfassungsseite mit Wahlvorschlägen",
            until:
                "return location.pathname === '/entry' && document.getElementById('who') !== null && document.querySelectorAll('#nomination option').length > 1"
        )
    }

    /// Whether the verdict box lies wholly inside the phone's viewport.
    static let verdictInView =
        "const r = document.getElementById('outcome').getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;"

    @Test(
        "A conflict and a possible duplicate are said at once, in view at 390×844, coloured by severity; the nomination is chosen from a German list")
    func pairsInView() async throws {
        let db = try WebFixture.database()
        try await BrowserTests.withBrowser(db) { browser, server in
            try await Self.atEntry(browser, server)
            let labels =
                try await browser.run("return [...document.querySelectorAll('#nomination option')].map(o => o.textContent)") as? [String] ?? []
            #expect(labels.contains("Wahlbezirk 12") && labels.contains("Reserveliste") && labels.contains("Oberbürgermeister/in"))
            #expect(labels.contains("Bezirksvertretung Nord"))
            // The collector defaults to the account's name; city to the campaign's.
            #expect(
                try await browser.run("return [document.querySelector('#collector').value, document.querySelector('#city').value]") as? [String] == [
                    "aylin", "Krefeld",
                ])
            try await browser.enterSheet(Self.fields("F000002"))
            try await browser.wait("erstes Blatt", until: "return document.getElementById('outcome').textContent.startsWith('F000002: gespeichert')")
            await browser.shot("entry-1-valid")
            #expect(try await browser.run(Self.verdictInView) as? Bool == true)
            #expect(try await browser.run("return document.getElementById('outcome').classList.contains('warning-box')") as? Bool == true)
            // The same person for ward 4: a conflict, said in words with the other sheet and its ward.
            try await browser.enterSheet(Self.fields("F000003", nomination: "ward:4"))
            try await browser.wait("Konflikt", until: "return document.getElementById('outcome').textContent.startsWith('F000003')")
            await browser.shot("entry-2-conflict")
            let conflict = try await browser.text("#outcome")
            #expect(conflict.contains("Diese Person hat schon für Wahlbezirk 3 unterschrieben (F000002) – nachfragen"))
            #expect(try await browser.run("return document.getElementById('outcome').classList.contains('counts-not')") as? Bool == true)
            #expect(try await browser.run(Self.verdictInView) as? Bool == true)
            // "Leman" after "Lehmann": a possible duplicate, amber.
            try await browser.enterSheet(Self.fields("F000004", surname: "Leman"))
            try await browser.wait("möglich doppelt", until: "return document.getElementById('outcome').textContent.startsWith('F000004')")
            await browser.shot("entry-3-possible-duplicate")
            #expect(try await browser.text("#outcome").contains("Wahrscheinlich hat diese Person schon für Wahlbezirk 3 unterschrieben (F000002)"))
            #expect(try await browser.run("return document.getElementById('outcome').classList.contains('warning-box')") as? Bool == true)
            #expect(try await browser.run(Self.verdictInView) as? Bool == true)
            // Refused by the server (a number stored with other content): the verdict is in view, focus on the number.
            try await browser.enterSheet(Self.fields("F000002", surname: "Anders"))
            try await browser.wait("abgelehnt", until: "return document.getElementById('outcome').textContent.includes('nicht gespeichert')")
            #expect(try await browser.run("return document.activeElement.name") as? String == "sheet")
            #expect(try await browser.run(Self.verdictInView) as? Bool == true)
            // A date the device cannot read: refused at once, focus on the field at fault, nothing sent.
            try await browser.enterSheet(Self.fields("F000005", born: "31.02.1970"))
            try await browser.wait("Datum abgelehnt", until: "return document.activeElement.name === 'born'")
            await browser.shot("entry-4-refused-date")
            #expect(try await browser.text("#outcome").contains("Geburtsdatum: kein gültiges Datum"))
            #expect(try await browser.run(Self.verdictInView) as? Bool == true)
            #expect(try db.sheetCount() == 3)
            // Reloaded, the verdicts sent are still listed.
            try await browser.open(server.address + "/entry")
            try await browser.wait("Liste nach dem Neuladen", seconds: 40, until: "return document.querySelectorAll('#sent > li').length === 3")
            #expect(try await browser.text("#sent li").hasPrefix("F000004"))
            // The page fits the phone and its tap targets are at least 44 px high.
            #expect(try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
            let small = try await browser.run(
                "return [...document.querySelectorAll('#entry input, #entry select, #entry button, nav a, nav button')].filter(e => e.getBoundingClientRect().height < 44).map(e => e.id || e.textContent)"
            )
            #expect((small as? [Any])?.isEmpty == true, "\(small ?? "")")
            // One's own sheets as cards, readable at 390 px, the nomination in German.
            try await browser.open(server.address + "/mine")
            await browser.shot("mine")
            #expect(try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
            #expect(try await browser.run("return document.querySelectorAll('ul.cards > li').length") as? Int == 3)
            #expect(try await browser.text("ul.cards").contains("F000003 – Wahlbezirk 4"))
        }
    }

    @Test("A slow answer: the outbox's timer does not send the sheet again beside the form; stored once, its verdict listed once")
    func slowAnswerSentOnce() async throws {
        let db = try WebFixture.database()
        try await BrowserTests.withBrowser(db) { browser, server in
            try await Self.atEntry(browser, server)
            // Every answer 3 s late (a crowded mobile network, or a server under load): the outbox is flushed meanwhile.
            try await browser.cdp("Network.enable")
            try await browser.cdp(
                "Network.emulateNetworkConditions", ["offline": false, "latency": 3000, "downloadThroughput": -1, "uploadThroughput": -1])
            try await browser.enterSheet(Self.fields("F000002"))
            for _ in 0..<5 {
                _ = try await browser.run("flush(); return true")
                try await Task.sleep(for: .milliseconds(300))
            }
            try await browser.wait(
                "gespeichert", seconds: 40, until: "return document.getElementById('outcome').textContent.startsWith('F000002: gespeichert')")
            try await browser.wait("Ausgang gesendet", seconds: 40, until: "return flushing === false")
            #expect(try await browser.run("return document.querySelectorAll('#sent > li').length") as? Int == 1)
            #expect(try await browser.run("return document.querySelectorAll('#queue li').length") as? Int == 0)
            #expect(try db.sheetCount() == 1)
        }
    }

    @Test("Without a network the device flags an under-age signer and an impossible date at once, and says duplicates are checked on sending")
    func offlineChecks() async throws {
        let db = try WebFixture.database()
        try await BrowserTests.withBrowser(db) { browser, server in
            try await Self.atEntry(browser, server)
            try await server.stop()
            // 15.09.09: two-digit year, born the day after the cut-off (16 on 14.09.2025 means born by 14.09.2009).
            try await browser.enterSheet(Self.fields("F000010", born: "15.09.09"))
            try await browser.wait(
                "Geräteprüfung", until: "return document.getElementById('outcome').textContent.startsWith('F000010: auf dem Gerät geprüft')")
            await browser.shot("entry-5-offline-underage")
            let verdict = try await browser.text("#outcome")
            #expect(verdict.hasPrefix("F000010: auf dem Gerät geprüft – zählt NICHT."))
            #expect(verdict.contains("Am Wahltag 14.09.2025 noch nicht 16 Jahre alt (geboren nach dem 14.09.2009)."))
            #expect(verdict.contains("prüft der Server beim Senden"))
            #expect(try await browser.run(Self.verdictInView) as? Bool == true)
            // An impossible date stays in the form with its note; nothing waits on the device for it.
            try await browser.enterSheet(Self.fields("F000011", born: "31.02.1970"))
            try await browser.wait("unmögliches Datum", until: "return document.activeElement.name === 'born'")
            #expect(try await browser.text("#born-note").contains("kein gültiges Datum"))
            #expect(try await browser.run("return document.querySelectorAll('#queue li').length") as? Int == 1)
            #expect(try db.sheetCount() == 0)
            // The network returns: the under-age sheet is stored (every paper accounted for) and does not count.
            try await server.start()
            try await browser.wait("gesendet", seconds: 40, until: "return document.querySelectorAll('#queue li').length === 0")
            #expect(try db.sheetDetail("F000010").findings.map(\.code).contains("under-age"))
        }
    }

    @Test("With the street directory loaded the ward is proposed from street and house number; the street is offered as typed")
    func wardProposed() async throws {
        let db = try WebFixture.database()
        try db.replaceStreetDirectory([
            StreetEntry(street: "Hauptstraße", from: 1, to: 99, parity: .all, ward: 13, district: "Mitte"),
            StreetEntry(street: "Ostwall", from: nil, to: nil, parity: .all, ward: 4, district: "Mitte"),
        ])
        try await BrowserTests.withBrowser(db) { browser, server in
            try await Self.atEntry(browser, server)
            #expect(
                try await browser.run("return [...document.querySelectorAll('#streets option')].map(o => o.value)") as? [String] == [
                    "Hauptstraße", "Ostwall",
                ])
            try await browser.type("#street", "Hauptstr.")
            try await browser.type("#house_number", "12")
            try await browser.click("#postal_code")
            try await browser.wait("Wahlbezirk vorgeschlagen", until: "return document.querySelector('#nomination').value === 'ward:13'")
            await browser.shot("entry-6-ward-proposed")
            #expect(try await browser.text("#nomination-note").contains("Wahlbezirk 13 laut Straßenverzeichnis"))
            // Another ward chosen: the directory's ward is offered with a button.
            try await browser.choose("#nomination", "ward:4")
            try await browser.type("#house_number", "14")
            try await browser.click("#postal_code")
            try await browser.wait("Vorschlag mit Knopf", until: "return document.querySelector('#nomination-note button') !== null")
            try await browser.click("#nomination-note button")
            #expect(try await browser.run("return document.querySelector('#nomination').value") as? String == "ward:13")
            // Offline the device looks it up itself.
            try await server.stop()
            try await browser.choose("#nomination", "")
            try await browser.type("#street", "Ostwall")
            try await browser.type("#house_number", "3")
            try await browser.click("#postal_code")
            try await browser.wait("offline vorgeschlagen", until: "return document.querySelector('#nomination').value === 'ward:4'")
        }
    }

    @Test("A restarted server keeps the session: the page goes on without a new login; the banner links to the login and back")
    func sessionSurvivesRestart() async throws {
        let db = try WebFixture.database()
        try await BrowserTests.withBrowser(db) { browser, server in
            try await Self.atEntry(browser, server)
            try await server.stop()
            // A new process: new memory, the same database.
            server.web = WebApp(backend: db)
            try await server.start()
            try await browser.open(server.address + "/entry")
            try await browser.wait("ohne neue Anmeldung", until: "return location.pathname === '/entry' && document.getElementById('who') !== null")
            try await browser.enterSheet(BrowserTests.fields("R1", surname: "Neu", born: "01.01.1990"))
            try await browser.wait("gespeichert", until: "return document.getElementById('outcome').textContent.startsWith('R1: gespeichert')")
            #expect(try db.sheetDetail("R1").enteredBy == "aylin")
            // Logged out elsewhere (the session ends): a waiting sheet brings the banner with its link, and back to /entry.
            try await server.stop()
            try await browser.enterSheet(BrowserTests.fields("R2", surname: "Später", born: "01.01.1991"))
            try await browser.wait("auf dem Gerät", until: "return document.querySelectorAll('#queue li.waiting').length === 1")
            server.web = WebApp(backend: db)
            try db.setPassword("aylin", password: "Ganz-neues-Passwort-1")
            try await server.start()
            // The page sends by itself (every 10 s), learns that the session ended and says so with a link.
            try await browser.wait(
                "Hinweis mit Link", seconds: 30, until: "return document.querySelector('#banner a[href=\"/login?next=/entry\"]') !== null")
            await browser.shot("entry-7-login-banner")
            try await browser.click("#banner a")
            try await browser.wait("Anmeldeseite", until: "return location.pathname === '/login'")
            try await browser.type("#user", "aylin")
            try await browser.type("#password", "Ganz-neues-Passwort-1")
            try await browser.click("#login button[type=submit]")
            try await browser.wait(
                "zurück und gesendet", seconds: 40,
                until: "return location.pathname === '/entry' && document.getElementById('sent').textContent.includes('R2: gespeichert')")
            #expect(try db.sheetDetail("R2").enteredBy == "aylin")
        }
    }

    @Test("The manifest names the entry as start page, standalone, with PNG icons of 192 and 512 px that load")
    func manifest() async throws {
        let db = try WebFixture.database()
        try await BrowserTests.withBrowser(db) { browser, server in
            try await Self.atEntry(browser, server)
            #expect(
                try await browser.run("return document.querySelector('link[rel=manifest]').getAttribute('href')") as? String
                    == "/manifest.webmanifest")
            try await browser.run(
                """
                window.__m = null; fetch('/manifest.webmanifest').then(r => r.json()).then(async m => {
                  const sizes = await Promise.all(m.icons.map(i => new Promise(ok => { const img = new Image(); img.onload = () => ok(img.naturalWidth + 'x' + img.naturalHeight); img.onerror = () => ok('kaputt'); img.src = i.src; })));
                  window.__m = [m.start_url, m.display, m.short_name, m.theme_color, sizes.join(',')];
                }); return true;
                """)
            try await browser.wait("Manifest gelesen", until: "return window.__m !== null")
            #expect(try await browser.run("return window.__m") as? [String] == ["/entry", "standalone", "Erfassen", "#1a5fb4", "192x192,512x512"])
            // Other pages link it too.
            try await browser.open(server.address + "/mine")
            #expect(try await browser.run("return document.querySelector('link[rel=manifest]') !== null") as? Bool == true)
        }
    }

    /// One corpus of sheets: every rule, every field check, every date form and nomination label, both sides of each
    /// boundary. Values as typed.
    static func corpus() -> [[String: String]] {
        let base: [String: String] = [
            "sheet": "K1", "nomination": "ward:13", "surname": "Becker", "given_names": "Jonas", "born": "12.03.1980", "street": "Hauptstraße",
            "house_number": "12", "postal_code": "47798", "city": "Krefeld", "signed_on": "01.05.2025", "collector": "",
        ]
        let changes: [[String: String]] = [
            [:],
            ["born": "14.09.2009"], ["born": "15.09.2009"], ["born": "15.09.09"], ["born": "12031980"], ["born": "12.03.80"], ["born": "1980-03-12"],
            ["born": "1.3.80"], ["born": "31.02.1970"], ["born": "29.02.2001"], ["born": "29.02.2004"], ["born": "12.13.1980"],
            ["born": "12/03/1980"],
            ["born": "01.06.2009", "signed_on": "01.05.2025"], ["born": "02.05.2009", "signed_on": "01.05.2025"],
            ["born": "01.01.1899"], ["born": "01.01.1919"], ["born": "01.01.1921"], ["born": "16.06.2025"], ["born": "02.05.2025"],
            ["signed_on": "15.06.2025"], ["signed_on": "16.06.2025"], ["signed_on": "07.07.2025"], ["signed_on": "08.07.2025", "nomination": "list"],
            ["signed_on": "28.02.2025"], ["signed_on": "01.03.2025"], ["signed_on": "010525"], ["signed_on": "01.05.25"],
            ["nomination": "mayor", "signed_on": "31.07.2024"], ["nomination": "mayor", "signed_on": "01.08.2024"],
            ["city": "Düsseldorf"], ["city": "KREFELD"], ["city": "Krefeld-Uerdingen"], ["city": "Krefelder"], ["city": ""],
            ["postal_code": "40210"], ["postal_code": "4779"], ["postal_code": ""], ["street": "", "house_number": ""], ["surname": ""],
            ["given_names": "", "surname": ""], ["house_number": "a12"], ["house_number": "12a"], ["house_number": "100"],
            ["house_number": "13"], ["street": "Hauptstr."], ["street": "Haupt-Straße"], ["street": "Nebenweg"],
            ["street": "Ostwall", "house_number": "2"],
            ["nomination": "12"], ["nomination": "Wahlbezirk 4"], ["nomination": "WB13"], ["nomination": "99"], ["nomination": "29"],
            ["nomination": "Wahlbezirk"], ["nomination": "Reserveliste"], ["nomination": "OB"], ["nomination": "Oberbürgermeister/in"],
            ["nomination": "Bezirksvertretung Mitte"], ["nomination": "bv:mitte"], ["nomination": "district:Nord"],
            ["nomination": "district:Atlantis"],
            ["nomination": "", "sheet": ""], ["sheet": "F 1"], ["sheet": "F-000014"], ["sheet": "Ä/12"], ["sheet": "SL/1"],
            ["sheet": String(repeating: "ΐ", count: 16)], ["surname": "Be\u{7}cker"],
            ["surname": "Be\u{2028}cker"], ["given_names": "Jo\u{061C}nas"], ["street": "Haupt\u{2029}straße"],
            ["surname": String(repeating: "x", count: 101)], ["collector": "Aylin"], ["born": "", "signed_on": ""],
        ]
        return changes.enumerated().map { index, change in
            var values = base.merging(change) { $1 }
            if change["sheet"] == nil { values["sheet"] = "K\(index)" }
            return values
        }
    }

    /// The library's verdict on typed values, as lines to compare: field problems, or findings.
    static func library(_ values: [String: String], _ db: SignatureDatabase, today: CalendarDay) throws -> [String] {
        switch SheetEntry(backend: db, enteredBy: "test").check(values) {
        case .failure(let problems):
            return problems.items.map { "problem \(SheetParser.column(forLabel: $0.field)) \($0.field): \($0.reason)" }
        case .success(let input):
            var sheet = input
            sheet.nomination = db.election.canonical(input.nomination)
            let findings = Rules.evaluate(
                RuleInput(
                    sheet: sheet, election: db.election, address: try db.addressLookup(street: sheet.street, houseNumber: sheet.houseNumber),
                    meetingDate: try db.meetingDates()[sheet.nomination], today: today))
            return findings.map { "\($0.code) \($0.severity.rawValue) \($0.message)" }
        }
    }

    @Test("The device's checks and the library's agree on one corpus of sheets, with and without a street directory")
    func deviceAgreesWithLibrary() async throws {
        let today = TestSupport.day("2025-06-15")
        let withDirectory = try WebFixture.database()
        try withDirectory.replaceStreetDirectory([
            StreetEntry(street: "Hauptstraße", from: 1, to: 99, parity: .all, ward: 13, district: "Mitte"),
            StreetEntry(street: "Hauptstraße", from: 100, to: nil, parity: .even, ward: 14, district: nil),
            StreetEntry(street: "Ostwall", from: nil, to: nil, parity: .all, ward: 4, district: "Nord"),
        ])
        try withDirectory.setMeetingDate(nil, for: [.mayor])
        let campaign = try withDirectory.setCampaignNominations(
            withDirectory.election.allNominations.filter { $0 != .ward(29) })
        let plain = try WebFixture.database()
        // A Bundestag election: constituencies instead of wards (a bare number means one), age 18, no place-name check.
        var spec = ElectionSpec(kind: .bundestag, name: "Bundestagswahl 2025", electionDay: TestSupport.day("2025-09-14"))
        spec.stateVoters = 12_900_000
        spec.constituencies = [3, 12, 13].map { Constituency(number: $0, name: "Wahlkreis \($0)") }
        let federal = try SignatureDatabase.inMemory(election: try ElectionBuilder.build(spec))
        let corpus = Self.corpus()
        try await BrowserTests.withBrowser(campaign) { browser, server in
            try await Self.atEntry(browser, server)
            var compared = 0
            for db in [campaign, plain, federal] {
                let context = String(decoding: try JSONEncoder().encode(await EntryContext(backend: db, today: today)), as: UTF8.self)
                let values = String(decoding: try JSONSerialization.data(withJSONObject: corpus), as: UTF8.self)
                let device =
                    try await browser.run(
                        """
                        const ctx = \(context); ctx.fetchedAt = Date.now();
                        return \(values).map(v => { const r = SK.check(v, ctx, '\(today.iso)');
                          return r.problems.length ? r.problems.map(p => 'problem ' + p.field + ' ' + p.message) : r.findings.map(f => f.code + ' ' + f.severity + ' ' + f.message); });
                        """) as? [[String]] ?? []
                #expect(device.count == corpus.count)
                for (index, values) in corpus.enumerated() where index < device.count {
                    let expected = try Self.library(values, db, today: today)
                    #expect(device[index] == expected, "Formblatt \(values["sheet"] ?? ""): \(values)")
                    compared += 1
                }
            }
            #expect(compared == corpus.count * 3)
        }
    }

    @Test("D5: on a shared phone the next account sees neither the data nor the message of another account's rejected sheet")
    func sharedPhone() async throws {
        let db = try WebFixture.database()
        _ = try await db.record(TestSupport.sheet("F000002"), enteredBy: "bernd")
        try await BrowserTests.withBrowser(db) { browser, server in
            try await Self.atEntry(browser, server)
            try await server.stop()
            try await browser.enterSheet(Self.fields("F000002", surname: "Vertraulich"))
            try await browser.wait("auf dem Gerät", until: "return document.querySelectorAll('#queue li.waiting').length === 1")
            try await server.start()
            try await browser.wait("abgelehnt", seconds: 30, until: "return document.querySelectorAll('#queue li.counts-not').length === 1")
            // aylin logs out with the page's button; bernd logs in on the same phone.
            try await browser.click("form.logout button")
            try await browser.wait("abgemeldet", until: "return location.pathname === '/login'")
            #expect(try await browser.run("return localStorage.getItem('sig-session') === null") as? Bool == true)
            try await Self.atEntry(browser, server, "bernd")
            try await browser.wait("Liste", until: "return document.querySelectorAll('#queue li').length === 1")
            let shown = try await browser.text("#queue")
            #expect(shown == "F000002: auf dem Gerät, wartet auf die Anmeldung von aylin")
            #expect(try await browser.run("return document.querySelector('#queue button') === null") as? Bool == true)
            #expect(!(try await browser.text("body").contains("Vertraulich")))
        }
    }

    @Test("/review at 390×844: both sheets stacked, the page does not scroll sideways; keeping one of a conflict withdraws the other")
    func reviewOnPhone() async throws {
        let db = try WebFixture.database()
        _ = try await db.record(TestSupport.sheet("K1", nomination: .ward(3)), enteredBy: "aylin")
        _ = try await db.record(TestSupport.sheet("K2", nomination: .ward(4)), enteredBy: "bernd")
        try await BrowserTests.withBrowser(db) { browser, server in
            try await BrowserTests.login(browser, server, "orga")
            try await browser.wait("angemeldet", until: "return location.pathname !== '/login'")
            try await browser.open(server.address + "/review")
            await browser.shot("review")
            #expect(try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
            let stacked = try await browser.run(
                "const s = document.querySelectorAll('.side'); return s.length === 2 && s[1].getBoundingClientRect().top > s[0].getBoundingClientRect().bottom"
            )
            #expect(stacked as? Bool == true)
            try await browser.click("button[name=keep][value=K1]")
            try await browser.wait("entschieden", until: "return document.body.textContent.includes('das andere Formblatt zurückgezogen')")
            #expect(try db.sheetDetail("K2").status == .withdrawn)
            // The withdrawn one no longer counts in /api/progress (asked from the page, as its script would).
            let ward4 =
                try await browser.run(
                    "const x = new XMLHttpRequest(); x.open('GET', '/api/progress', false); x.send(); const n = JSON.parse(x.responseText).nominations.find(n => n.id === 'ward:4'); return [n.valid, n.pending, n.lost]"
                ) as? [Int]
            #expect(ward4 == [0, 0, 1])
        }
    }
}
