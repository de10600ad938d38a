import Foundation
import Testing

@testable import SignatureKit
@testable import SignatureKitPostgres
@testable import SignatureKitWeb

extension PostgresSuites {
    /// The entry page of a hosted campaign in a real browser at 390×844: logged in under /c/ID/, a sheet entered, the
    /// verdict read, the sheet in that campaign only.
    @Suite(.serialized, .enabled(if: PostgresTestHost.isConfigured, "SIG_TEST_POSTGRES_URL names no server"))
    struct PostgresBrowserTests {
        @Test("Browser on /c/ID/: log in, enter a sheet at 390×844, read the verdict; stored in that campaign only")
        func hostedEntry() async throws {
            let campaign = try await PostgresTestHost.newCampaign()
            let other = try await PostgresTestHost.newCampaign()
            try await campaign.addAccount(
                "aylin", role: .volunteer, password: WebFixture.passwords["aylin"] ?? "", by: Actor(account: "admin", role: .admin))
            let id = campaign.id
            let live = LiveServer(
                host: try await PostgresTestHost.campaignHost(serving: [id]), placeholder: WebApp(backend: try TestSupport.database()))
            try await BrowserTests.withBrowser(on: live) { browser, live in
                try await browser.open(live.address + "/c/\(id)/login")
                try await browser.type("#user", "aylin")
                try await browser.type("#password", WebFixture.passwords["aylin"] ?? "")
                try await browser.click("#login button[type=submit]")
                try await browser.wait(
                    "Erfassungsseite der Kampagne", until: "return location.pathname === '/c/\(id)/entry' && document.getElementById('who') !== null")
                #expect(try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
                try await browser.wait("Wahlvorschläge geladen", until: "return document.querySelectorAll('#nomination option').length > 1")
                try await browser.enterSheet(BrowserTests.fields("W1", surname: "Müller", born: "12.03.1980"))
                try await browser.wait("Ergebnis", until: "return document.getElementById('outcome').textContent.startsWith('W1: gespeichert')")
                if let dir = ProcessInfo.processInfo.environment["SIG_SHOTS"] {
                    try await browser.screenshot().write(to: URL(fileURLWithPath: dir).appendingPathComponent("hosted-entry.png"))
                }
            }
            #expect(try await campaign.sheetInfo("W1").enteredBy == "aylin")
            #expect(try await other.hasSheet("W1") == false)
        }
    }
}
