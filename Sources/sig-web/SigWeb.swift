import ArgumentParser
import Foundation
import Hummingbird
import SigCommandSupport
import SignatureKit
import SignatureKitWeb

/// The team's web server: `sig-web --db PATH [--host 127.0.0.1] [--port 8080]`.
@main
@available(macOS 10.15, *)
struct SigWeb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sig-web", abstract: "Serve the campaign's database to the team (JSON API with accounts, roles and sessions).")
    @OptionGroup var options: DatabaseOptions
    @Option(help: "Address to bind (loopback unless --behind-proxy).") var host = "127.0.0.1"
    @Option(help: "Port.") var port = 8080
    @Flag(help: "Allow another address: a TLS proxy (nginx, Caddy) in front terminates HTTPS.") var behindProxy = false

    func run() async throws {
        umask(0o077)
        do {
            let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
            guard loopback || behindProxy else {
                throw SignatureKitError.invalidField(
                    field: "--host",
                    reason: "andere Adressen als 127.0.0.1 nur hinter einem TLS-Proxy (--behind-proxy); TLS selbst ist noch nicht eingebaut")
            }
            let web = WebApp(database: try options.open(), secureCookies: behindProxy)
            let app = Application(router: web.router(), configuration: .init(address: .hostname(host, port: port)))
            printError("sig-web: http://\(host):\(port) (Datenbank \(options.db))")
            try await app.runService()
        } catch let error as SignatureKitError {
            printError("Fehler: \(error.errorDescription ?? "")")
            throw ExitCode(2)
        }
    }
}
