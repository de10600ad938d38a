import Foundation
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// The organizer's pages in a real browser at 390×844 (issue 16): progress readable on a phone, bulk status, the
/// correction page.
@Suite(.serialized)
struct BrowserTeamTests {
    /// The demo campaign (800 sheets, a certification history) on 20.06.2025 with the fixture's accounts.
    /// Without the municipality's population (as an older election file): the ward quotas are unconfirmed, and the
    /// page offers the cautious plan.
    static func demo() throws -> SignatureDatabase {
        let path = TestSupport.tempDir().appendingPathComponent("demo.sqlite").path
        var election = TestSupport.election
        election.inhabitants = nil
        let db = try DemoData.createDemoDatabase(at: path, election: election)
        for (user, role) in [("orga", AccountRole.organizer), ("vorstand", .board)] {
            try WebFixture.addAccount(db, user, role: role)
        }
        return db
    }

    static let asOf = TestSupport.day("2025-06-20")

    static func withServer(_ db: SignatureDatabase, width: Int = 390, height: Int = 844, _ body: (WebDriver, LiveServer) async throws -> Void)
        async throws
    {
        try await BrowserTests.withBrowser(db, web: WebApp(backend: db, today: { asOf }), width: width, height: height, body)
    }

    /// The smallest computed font size of any visible text on the page, in CSS pixels.
    static let smallestText = """
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let min = 1000, where = '';
        while (walker.nextNode()) {
          const node = walker.currentNode;
          if (!node.textContent.trim()) continue;
          const el = node.parentElement;
          if (!el || el.getClientRects().length === 0) continue;
          const style = getComputedStyle(el);
          if (style.visibility === 'hidden' || el.closest('[aria-hidden=true]')) continue;
          const size = parseFloat(style.fontSize);
          if (size < min) { min = size; where = node.textContent.trim().slice(0, 40); }
        }
        return [min, where];
        """

    @Test("/progress at 390×844: no text under 12 px, no sideways scrolling, a card per nomination, the summary, a pausable refresh")
    func progressOnPhone() async throws {
        let db = try Self.demo()
        let report = try db.progressReport(ProgressSettings(asOf: Self.asOf))
        try await Self.withServer(db) { browser, server in
            try await BrowserTests.login(browser, server, "orga")
            try await browser.wait("angemeldet", until: "return location.pathname !== '/login'")
            try await browser.open(server.address + "/progress")
            await browser.shot("progress-phone")
            for (part, css) in [("cards", ".cards"), ("curve", "#verlauf"), ("table", "table")] {
                _ = try await browser.run("document.querySelector('\(css)').scrollIntoView()")
                await browser.shot("progress-phone-\(part)")
            }
            let smallest = try await browser.run(Self.smallestText) as? [Any]
            #expect((smallest?.first as? Double ?? 0) >= 12, "smallest text: \(smallest ?? [])")
            #expect(try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
            let cards = try await browser.run("return document.querySelectorAll('.cards .card').length") as? Int
            #expect(cards == report.nominations.count)
            let summary = try await browser.text(".summary")
            #expect(summary == ProgressRenderer.summarySentence(report))
            #expect(summary.hasPrefix("Beim jetzigen Tempo verfehlen"))
            // Every card's status word is on it; the bar's filled part is its share of the target (one scale).
            let first = report.byRisk[0]
            let card = try await browser.text(".cards .card")
            #expect(card.contains(first.label) && card.contains(first.status.rawValue) && card.contains("Ziel \(first.target)"))
            // The curve's target is the table's total target.
            #expect(try await browser.text(".curve").contains("Ziel \(report.totals.target)"))
            #expect(!(try await browser.text("body").contains("--cautious")))
            try await browser.click("#refresh-toggle")
            #expect(try await browser.run("return document.getElementById('refresh-toggle').getAttribute('aria-pressed')") as? String == "true")
            #expect(try await browser.text("#refresh-state").contains("Angehalten"))
            // The cautious plan is a switch: on, the ward quotas become 20.
            try await browser.click("a[role=switch]")
            try await browser.wait("vorsichtig", until: "return location.search === '?cautious=1'")
            #expect(try await browser.text("a[role=switch]").hasSuffix(": an"))
            #expect(try await browser.text(".cards").contains("Soll 20"))
            await browser.shot("progress-phone-cautious")
        }
        try await Self.withServer(db, width: 1280, height: 800) { browser, server in
            try await BrowserTests.login(browser, server, "orga")
            try await browser.wait("angemeldet", until: "return location.pathname !== '/login'")
            try await browser.open(server.address + "/progress")
            await browser.shot("progress-desktop")
            #expect(try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
        }
    }

    @Test("Bulk status in the browser: three numbers pasted, a preview, then one change of all three")
    func bulkStatus() async throws {
        let db = try WebFixture.database()
        for (i, name) in ["Adam", "Berg", "Cordes"].enumerated() {
            _ = try db.record(TestSupport.sheet("F00001\(i)", surname: name, born: "0\(i + 1).02.1970"), enteredBy: "aylin")
        }
        try await BrowserTests.withBrowser(db) { browser, server in
            try await BrowserTests.login(browser, server, "orga")
            try await browser.wait("angemeldet", until: "return location.pathname !== '/login'")
            try await browser.open(server.address + "/status")
            try await browser.type("#sheets", "F000010, F000011\nf000012")
            try await browser.choose("#status", "certified")
            try await browser.click("button[value=preview]")
            try await browser.wait("Vorschau", until: "return document.body.textContent.includes('Vorschau: 3 Formblätter werden bescheinigt')")
            await browser.shot("status-preview")
            #expect(try db.sheetDetail("F000010").status == .entered)
            try await browser.click("button[value=apply]")
            try await browser.wait("geändert", until: "return document.body.textContent.includes('3 Formblätter jetzt bescheinigt')")
            #expect(try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
        }
        for sheet in ["F000010", "F000011", "F000012"] { #expect(try db.sheetDetail(sheet).status == .certified) }
        // One request, one transaction: one audit entry for the three.
        #expect(try db.auditEntries().filter { $0.action == "status:certified" }.map(\.sheets) == [["F000010", "F000011", "F000012"]])
    }

    @Test("The correction page on a phone: the stored values in the form, a reason, the confirmation for a certified sheet")
    func correctionOnPhone() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("F000010", surname: "Meier"), enteredBy: "aylin")
        try db.setStatus([StatusChange(sheet: "F000010", status: .certified)], by: "orga")
        try await BrowserTests.withBrowser(db) { browser, server in
            try await BrowserTests.login(browser, server, "orga")
            try await browser.wait("angemeldet", until: "return location.pathname !== '/login'")
            try await browser.open(server.address + "/status")
            try await browser.type("#correct-sheet", "F000010")
            try await browser.click("#correct-sheet + button")
            try await browser.wait("Formular", until: "return document.getElementById('f-surname') !== null")
            #expect(try await browser.run("return document.getElementById('f-surname').value") as? String == "Meier")
            try await browser.run("document.getElementById('f-surname').value = ''") as Any?
            try await browser.type("#f-surname", "Maier")
            try await browser.type("#f-reason", "Name laut Wahlamt")
            try await browser.click("input[name=confirm]")
            await browser.shot("correct-phone")
            try await browser.click("#correct-save")
            try await browser.wait("korrigiert", until: "return document.body.textContent.includes('F000010 korrigiert (Familienname)')")
            #expect(try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
            await browser.shot("correct-phone-done")
        }
        #expect(try db.personalData(of: ["F000010"], purpose: .show, by: "test").first?.surname == "Maier")
    }
}
