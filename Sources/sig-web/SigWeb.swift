import ArgumentParser
import Foundation
import Hummingbird
import SigCommandSupport
import SignatureKit
import SignatureKitPostgres
import SignatureKitWeb

/// The team's web server: `sig-web --db PATH [--host 127.0.0.1] [--port 8080]`, or `sig-web --demo`.
@main
@available(macOS 10.15, *)
struct SigWeb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sig-web",
        abstract: "Serve the campaign's database to the team: pages and a JSON API with accounts, roles and sessions.")

    /// Usage errors in German, like sig-cli and sig-report.
    static func main() async { await runGerman(SigWeb.self) }
    @OptionGroup var options: DatabaseOptions
    @Option(help: "Address to bind (loopback unless HTTPS with --tls-cert/--tls-key).") var host = "127.0.0.1"
    @Option(help: "Port.") var port = 8080
    @Flag(help: "A TLS proxy (nginx, Caddy) on this machine terminates HTTPS: Secure cookies, its X-Forwarded-For is believed.")
    var behindProxy = false
    @Option(help: "Address of a proxy whose X-Forwarded-For is believed (repeatable; default with --behind-proxy: 127.0.0.1, ::1).")
    var trustedProxy: [String] = []
    @Option(help: "PEM certificate chain: serve HTTPS (with --tls-key); then other addresses are allowed.") var tlsCert: String?
    @Option(help: "PEM private key of --tls-cert.") var tlsKey: String?
    @Option(help: "Days after entering on which volunteers may still correct their own entries.") var correctionDays = 3
    @Option(help: "Minutes a session lasts.") var sessionMinutes = 12 * 60
    @Flag(help: "Use ./signatures-demo.sqlite (created with fictitious sheets when missing) and demo accounts; prints the logins.")
    var demo = false

    /// The flags on their own, before any file or port is touched.
    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("Option „\(tlsCert == nil ? "--tls-cert" : "--tls-key")“ fehlt: beide oder keines angeben")
        }
        guard (0...365).contains(correctionDays) else { throw ValidationError("Option „--correction-days“: muss zwischen 0 und 365 liegen") }
        guard (5...(7 * 24 * 60)).contains(sessionMinutes) else {
            throw ValidationError("Option „--session-minutes“: muss zwischen 5 und 10080 liegen")
        }
    }

    func run() async throws {
        umask(0o077)
        do {
            let tls = try tlsCert.flatMap { cert in try tlsKey.map { try WebServer.tlsConfiguration(certificate: cert, key: $0) } }
            try WebServer.checkAddress(host, tls: tls != nil)
            let proxies = try WebServer.trustedProxies(trustedProxy, behindProxy: behindProxy)
            if options.server.url != nil {
                try await serveCampaigns(tls: tls, proxies: proxies)
                return
            }
            var today: @Sendable () -> CalendarDay = { .today() }
            let database: SignatureDatabase
            var logins: [(String, AccountRole, String)] = []
            if demo {
                database = try options.demo().open(concurrentReads: true)
                logins = try await DemoCampaign.accounts(in: database)
                // The demo campaign stands on 30.06.2025, as its fictitious sheets do.
                today = { DemoCampaign.day }
            } else {
                database = try options.open(concurrentReads: true)
                // A demo campaign made by `sig-cli demo` stands on its own day too.
                if let demoDay = try? database.campaignDay(), demoDay != .today() { today = { demoDay } }
            }
            let web = WebApp(
                backend: database, sessions: SessionStore(lifetime: TimeInterval(sessionMinutes * 60), store: database),
                secureCookies: behindProxy || tls != nil, trustedProxies: proxies, corrections: CorrectionPolicy(days: correctionDays), today: today)
            let app = try WebServer.application(web, host: host, port: port, tls: tls)
            let address = "\(tls == nil ? "http" : "https")://\(host.contains(":") ? "[\(host)]" : host):\(port)"
            printError("sig-web: \(address)/login (Datenbank \(database.path))")
            if !logins.isEmpty {
                printError("Demo-Anmeldungen (erfundene Daten; Passwörter gelten bis zum nächsten Start mit --demo):")
                for (name, role, password) in logins {
                    printError("  \(name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(password)  (\(role.germanName))")
                }
            }
            try await app.runService()
        } catch let error as SignatureKitError {
            printError("Fehler: \(error.errorDescription ?? "")")
            throw ExitCode(2)
        }
    }

    /// Every campaign of a PostgreSQL server under `/c/ID/` (`--database-url`); sessions and entries in the database,
    /// so several sig-web processes behind one proxy answer any request.
    func serveCampaigns(tls: WebTLS?, proxies: [String]) async throws {
        if demo { throw SignatureKitError.invalidField(field: "--demo", reason: "nur mit einer SQLite-Datei, nicht mit --database-url") }
        let hostKey = try options.server.loadedHostKey()
        let server = try await options.server.connect()
        // The campaigns are known now (a wrong address or key fails at the start, not at the first request).
        let count = try await server.campaigns().count
        let lifetime = TimeInterval(sessionMinutes * 60)
        let secure = behindProxy || tls != nil
        let corrections = CorrectionPolicy(days: correctionDays)
        let host = CampaignHost { id in
            let campaign: PostgresCampaign
            do {
                campaign = try await server.campaign(id, hostKey: hostKey)
            } catch let error as SignatureKitError where error.code == .campaignNotFound {
                return nil
            }
            return WebApp(
                backend: campaign, sessions: SessionStore(lifetime: lifetime, store: campaign, campaign: id), secureCookies: secure,
                trustedProxies: proxies, corrections: corrections, mount: CampaignHost.mount(id))
        }
        let app = try WebServer.application(responder: host, host: self.host, port: port, tls: tls)
        let address = "\(tls == nil ? "http" : "https")://\(self.host.contains(":") ? "[\(self.host)]" : self.host):\(port)"
        printError("sig-web: \(address)/c/KAMPAGNE/login (\(count) Kampagnen auf \(server.display))")
        try await app.runService()
    }
}
