import Foundation
import Testing

@testable import SignatureKit
@testable import SignatureKitWeb

/// The pages in a real browser: Debian's chromium through chromedriver (WebDriver), at a phone's 390×844.
@Suite(.serialized)
struct BrowserTests {
    static func fields(_ sheet: String, surname: String, born: String) -> [(String, String)] {
        [
            ("sheet", sheet), ("nomination", "ward:12"), ("surname", surname), ("given_names", "Anna"), ("born", born),
            ("street", "Hauptstraße"), ("house_number", "12a"), ("postal_code", "47798"), ("city", "Krefeld"),
            ("signed_on", "01.05.2025"), ("collector", "Aylin"),
        ]
    }

    /// A live server on `db` and a phone-sized browser for `body`; both end afterwards, also when `body` throws.
    func withBrowser(_ db: SignatureDatabase, _ body: (WebDriver, LiveServer) async throws -> Void) async throws {
        try await Self.withBrowser(db, body)
    }

    static func withBrowser(
        _ db: SignatureDatabase, web: WebApp? = nil, width: Int = 390, height: Int = 844, _ body: (WebDriver, LiveServer) async throws -> Void
    ) async throws {
        try await withBrowser(on: LiveServer(web ?? WebApp(backend: db)), width: width, height: height, body)
    }

    /// The same with a server made by the caller (a hosted campaign's, say).
    static func withBrowser(
        on server: LiveServer, width: Int = 390, height: Int = 844, _ body: (WebDriver, LiveServer) async throws -> Void
    ) async throws {
        try await server.start()
        let browser = try await WebDriver(width: width, height: height)
        do {
            try await body(browser, server)
        } catch {
            await browser.quit()
            try await server.stop()
            throw error
        }
        await browser.quit()
        try await server.stop()
    }

    func login(_ browser: WebDriver, _ server: LiveServer, _ user: String) async throws {
        try await Self.login(browser, server, user)
    }

    static func login(_ browser: WebDriver, _ server: LiveServer, _ user: String) async throws {
        try await browser.open(server.address + "/login")
        try await browser.type("#user", user)
        try await browser.type("#password", WebFixture.passwords[user] ?? "")
        try await browser.click("#login button[type=submit]")
    }

    @Test("Log in, enter a sheet at 390×844 and read the outcome; the page fits the phone's width")
    func entry() async throws {
        let db = try WebFixture.database()
        try await withBrowser(db) { browser, server in
            try await login(browser, server, "aylin")
            try await browser.wait(
                "Erfassungsseite nach der Anmeldung", until: "return location.pathname === '/entry' && document.getElementById('who') !== null")
            #expect(try await browser.run("return window.innerWidth") as? Int == 390)
            #expect(try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
            // A date that does not exist is flagged as it is typed (the server's check), before saving.
            try await browser.type("input[name=born]", "31.02.1980")
            try await browser.click("input[name=street]")
            try await browser.wait("Hinweis am Geburtsdatum", until: "return document.querySelector('#born').getAttribute('aria-invalid') === 'true'")
            try await browser.enterSheet(Self.fields("W1", surname: "Müller", born: "12.03.1980"))
            try await browser.wait("Ergebnis", until: "return document.getElementById('outcome').textContent.startsWith('W1: gespeichert')")
            #expect(try await browser.text("#outcome").hasPrefix("W1: gespeichert – kann zählen."))
            // The next sheet starts with the kept fields and an empty name.
            #expect(
                try await browser.run("return [document.querySelector('#nomination').value, document.querySelector('#surname').value]") as? [String]
                    == ["ward:12", ""])
            #expect(try db.sheetCount() == 1)
            #expect(try db.sheetDetail("W1").enteredBy == "aylin")
        }
    }

    @Test("Two sheets entered with the server unreachable wait on the device, survive a reload and are stored once when it returns")
    func offline() async throws {
        let db = try WebFixture.database()
        try await withBrowser(db) { browser, server in
            try await login(browser, server, "aylin")
            try await browser.wait("Erfassungsseite", until: "return location.pathname === '/entry' && document.getElementById('who') !== null")
            try await browser.wait("Service Worker übernimmt die Seite", until: "return navigator.serviceWorker.controller !== null")
            // The network is gone: nothing answers on the server's port.
            try await server.stop()
            try await browser.enterSheet(Self.fields("W2", surname: "Schmidt", born: "01.01.1970"))
            try await browser.wait("erstes Blatt auf dem Gerät", until: "return document.querySelectorAll('#queue li.waiting').length === 1")
            try await browser.enterSheet(Self.fields("W3", surname: "Yilmaz", born: "02.02.1972"))
            try await browser.wait("zweites Blatt auf dem Gerät", until: "return document.querySelectorAll('#queue li.waiting').length === 2")
            #expect(try await browser.text("#queue li.waiting").contains("auf dem Gerät, noch nicht gesendet – auf dem Gerät geprüft: kann zählen"))
            // Reload without network: the page comes from the service worker, the sheets from IndexedDB.
            try await browser.open(server.address + "/entry")
            try await browser.wait(
                "Seite offline geladen, Blätter noch da", until: "return document.querySelectorAll('#queue li.waiting').length === 2")
            #expect(try db.sheetCount() == 0)
            // The network returns: the page sends them by itself, each once.
            try await server.start()
            try await browser.wait(
                "gesendet", seconds: 40,
                until: "return document.querySelectorAll('#queue li').length === 0 && document.querySelectorAll('#sent > li').length === 2")
            #expect(try await browser.text("#sent").contains("W2: gespeichert – kann zählen."))
            #expect(try db.sheets().map(\.sheet) == ["W2", "W3"])
            // A reload sends nothing again.
            try await browser.open(server.address + "/entry")
            try await browser.wait("Seite wieder da", until: "return document.getElementById('who') !== null")
            try await Task.sleep(for: .seconds(1))
            #expect(try db.sheetCount() == 2)
            #expect(try db.auditEntries().filter { $0.action == "entry" }.count == 2)
        }
    }

    @Test("A volunteer in the browser reaches neither another volunteer's sheet nor any organizer page")
    func volunteerLimits() async throws {
        let db = try WebFixture.database()
        _ = try db.record(TestSupport.sheet("A1"), enteredBy: "aylin")
        try await withBrowser(db) { browser, server in
            try await login(browser, server, "bernd")
            try await browser.wait("Erfassungsseite", until: "return location.pathname === '/entry' && document.getElementById('who') !== null")
            let links = try await browser.run("return Array.from(document.querySelectorAll('#nav a')).map(a => a.getAttribute('href'))") as? [String]
            #expect(links == ["/entry", "/mine"])
            for page in ["/progress", "/review", "/status", "/submission", "/users"] {
                try await browser.open(server.address + page)
                #expect(try await browser.text("main").contains("für Ihre Rolle (Sammler/in) nicht freigegeben"), "\(page)")
            }
            try await browser.open(server.address + "/api/sheets/A1")
            #expect(try await browser.text("body").contains("Formblatt nicht gefunden."))
            try await browser.open(server.address + "/mine")
            #expect(try await browser.text("main").contains("0 von Ihnen erfasste Formblätter"))
            #expect(!(try await browser.text("body").contains("Müller")))
        }
    }
}

/// Browser tests leave nothing running: the driver and every browser process it started end with the test.
@Suite(.serialized)
struct BrowserCleanupTests {
    /// Processes whose command line mentions `text` (from /proc).
    static func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).contains(text)
        }
    }

    @Test("After quit the driver and its browsers are gone (chromedriver ignores SIGTERM)")
    func nothingLeftRunning() async throws {
        let browser = try await WebDriver()
        let pid = browser.driver.processIdentifier
        let profile = browser.profile.path
        #expect(!Self.processes(mentioning: profile).isEmpty)
        await browser.quit()
        try await Task.sleep(for: .milliseconds(500))
        #expect(kill(pid, 0) == -1, "chromedriver \(pid) läuft noch")
        #expect(Self.processes(mentioning: profile).isEmpty)
    }
}
