import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit
import SignatureKitPostgres

extension SigCLI {
    /// The host's PostgreSQL database: set up once by its owner.
    struct Database: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set up the host's PostgreSQL database of many campaigns (run once by the database's owner).",
            subcommands: [InitServer.self, NewHostKey.self, RotateHostKey.self])

        struct InitServer: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "init",
                abstract: "Create or migrate the schema, its row-level security and the application's login role (no superuser needed).")
            @Option(name: .long, help: "The owner's address, postgres://OWNER:PASSWORD@HOST:PORT/DB (env SIG_DATABASE_URL).")
            var databaseURL: String?
            @Option(name: .long, help: "The application's login role (created without superuser and BYPASSRLS).")
            var appRole: String
            @Option(name: .long, help: "A file (0600) with the application role's password; without it the role keeps its password.")
            var appPasswordFile: String?

            func run() async throws {
                try await guardedAsync {
                    var server = ServerOptions()
                    server.databaseURL = databaseURL
                    let password = try appPasswordFile.flatMap {
                        try readSecret(file: $0, environment: nil, prompt: nil, field: "--app-password-file")
                    }
                    let connection = try await server.connect()
                    let setup = try await connection.initialize(appRole: appRole, appPassword: password)
                    await connection.shutdown()
                    print(
                        (setup.createdSchema
                            ? "Schema angelegt"
                            : setup.migratedFrom.map { "Schema von Version \($0) umgestellt" } ?? "Schema ist schon auf Stand")
                            + " (Version \(setup.schemaVersion), Zeilensicherheit auf jeder Tabelle erzwungen)."
                    )
                    print(
                        (setup.createdRole ? "Rolle \(appRole) angelegt" : "Rolle \(appRole) gab es schon")
                            + " (kein Superuser, kein BYPASSRLS); Rechte vergeben. Alle anderen Befehle melden sich als \(appRole) an.")
                    if setup.createdRole && password == nil {
                        print("Hinweis: die Rolle hat noch kein Passwort; mit --app-password-file DATEI erneut ausführen.")
                    }
                }
            }
        }

        struct NewHostKey: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "host-key", abstract: "Write a new random host key to a file (0600); it never goes into the database.")
            @Argument(help: "The key file to create (never overwritten).") var file: String

            func run() throws {
                try guarded {
                    try HostKey.create(path: file)
                    print(
                        "Hostschlüssel \(file) angelegt (nur für den Eigentümer lesbar). Sicher aufbewahren: ohne ihn sind verschlüsselte Kampagnen nicht lesbar."
                    )
                }
            }
        }

        struct RotateHostKey: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "rotate-host-key", abstract: "Wrap every campaign's key with a new host key (then destroy the old one).")
            @OptionGroup var server: ServerOptions
            @Option(help: "The new host key file (from `sig-cli database host-key`).") var newHostKey: String

            func run() async throws {
                try await guardedAsync {
                    guard let old = try server.loadedHostKey() else {
                        throw SignatureKitError.hostKeyMissing(path: "--host-key", reason: "der bisherige Hostschlüssel fehlt (--host-key DATEI)")
                    }
                    let new = try HostKey.load(path: newHostKey)
                    let connection = try await server.connect()
                    let count = try await connection.rotateHostKey(from: old, to: new)
                    print(
                        "Schlüssel von \(count) Kampagnen mit dem neuen Hostschlüssel verpackt. Den alten Hostschlüssel jetzt vernichten; ab sofort --host-key \(newHostKey)."
                    )
                }
            }
        }
    }

    /// The campaigns on the host's server.
    struct Campaign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create, list, import and export the campaigns on a PostgreSQL server.",
            subcommands: [Create.self, ListCampaigns.self, ImportCampaign.self, ExportCampaign.self, PurgeCampaign.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create a campaign for an election (encrypted with --host-key).")
            @OptionGroup var server: ServerOptions
            @Argument(help: "The campaign's id: lower-case letters, digits and hyphens (luks-krefeld).") var id: String
            @Option(help: "The election: a bundled id (krefeld-2025) or a JSON file.") var election: String
            @Option(help: "The campaign's title (the group's name).") var title: String = ""
            @Option(help: "Nomination meeting date for every nomination.") var meetingDate: DayArgument?
            @Option(help: "The campaign's own nominations, comma-separated, ranges allowed (default: all).") var nominations: String?

            func run() async throws {
                try await guardedAsync {
                    let chosenElection = try ElectionCatalog.load(election)
                    let chosen = try nominations.map { try chosenElection.nominationList($0) }
                    let hostKey = try server.loadedHostKey()
                    let connection = try await server.connect()
                    let campaign = try await connection.createCampaign(
                        id: id, election: chosenElection, title: title, meetingDate: meetingDate?.day("--meeting-date"), hostKey: hostKey,
                        nominations: chosen)
                    print(
                        "Kampagne \(campaign.id) für „\(chosenElection.name)“ angelegt"
                            + (hostKey == nil
                                ? " (unverschlüsselt: ohne --host-key stehen Namen im Klartext in der Datenbank)."
                                : "; Namen, Geburtsdaten und Anschriften verschlüsselt (Schlüssel der Kampagne, mit dem Hostschlüssel verpackt)."))
                    print("Erstes Konto: sig-cli user add NAME --role admin --campaign \(campaign.id)")
                }
            }
        }

        struct ListCampaigns: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "The campaigns on the server (no names, only counts).")
            @OptionGroup var server: ServerOptions

            func run() async throws {
                try await guardedAsync {
                    let connection = try await server.connect()
                    let all = try await connection.campaigns()
                    if all.isEmpty { print("Keine Kampagnen auf \(connection.display).") }
                    for c in all {
                        let created = CalendarDay(parsing: String(c.createdAt.prefix(10)))?.german ?? c.createdAt
                        print(
                            "\(pad(c.id, 24)) \(pad(c.election, 16)) \(pad("\(c.sheets) Formblätter", 18)) \(pad(c.encrypted ? "verschlüsselt" : "unverschlüsselt", 16)) angelegt \(created)  \(c.title)"
                        )
                    }
                }
            }
        }

        struct ImportCampaign: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import", abstract: "Move a SQLite campaign file onto the server as a new campaign (everything, with its audit chain).")
            @OptionGroup var server: ServerOptions
            @Argument(help: "The new campaign's id.") var id: String
            @Option(help: "The SQLite campaign file.") var from: String
            @Option(help: "A file holding the passphrase of an encrypted SQLite file (else env SIG_PASSPHRASE, or a prompt).")
            var passphraseFile: String?
            @Option(help: "The campaign's title.") var title: String = ""

            func run() async throws {
                try await guardedAsync {
                    let passphrase =
                        SignatureDatabase.needsPassphrase(from)
                        ? try readSecret(file: passphraseFile, environment: "SIG_PASSPHRASE", prompt: "Passphrase für \(from): ") : nil
                    let source = try SignatureDatabase.open(at: from, passphrase: passphrase)
                    defer { try? source.close() }
                    let dump = try source.campaignDump()
                    let connection = try await server.connect()
                    let campaign = try await connection.importCampaign(id: id, title: title, dump: dump, hostKey: try server.loadedHostKey())
                    guard case .whole(let entries) = try await campaign.verifyAudit() else {
                        throw SignatureKitError.invalidField(field: "audit", reason: "die Prüfkette der übernommenen Kampagne ist nicht lückenlos")
                    }
                    print(
                        "Kampagne \(campaign.id) aus \(from) übernommen: \(dump.sheets.count) Formblätter, \(dump.pairs.count) Paare, \(dump.accounts.count) Konten; Prüfkette mit \(entries) Einträgen lückenlos."
                    )
                }
            }
        }

        struct ExportCampaign: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "export", abstract: "Write a campaign of the server into a new SQLite file (opens with sig-cli --db).")
            @OptionGroup var server: ServerOptions
            @Argument(help: "The campaign's id.") var id: String
            @Option(help: "The new SQLite file (must not exist).") var to: String
            @Flag(help: "Encrypt the file with a passphrase (SIG_PASSPHRASE, --passphrase-file or a prompt).") var encrypt = false
            @Option(help: "A file holding the new file's passphrase.") var passphraseFile: String?

            func run() async throws {
                try await guardedAsync {
                    var options = server
                    options.campaign = id
                    let campaign = try await options.campaign()
                    let dump = try await campaign.campaignDump()
                    var passphrase: String?
                    if encrypt {
                        passphrase = try checkedNewPassphrase(
                            try readSecret(file: passphraseFile, environment: "SIG_PASSPHRASE", prompt: "Neue Passphrase: ", confirm: true))
                    }
                    let file = try SignatureDatabase.create(from: dump, at: to, passphrase: passphrase)
                    guard case .whole(let entries) = try await file.verifyAudit() else {
                        throw SignatureKitError.invalidField(field: "audit", reason: "die Prüfkette der geschriebenen Datei ist nicht lückenlos")
                    }
                    try file.close()
                    print(
                        "Kampagne \(id) nach \(to) geschrieben: \(dump.sheets.count) Formblätter, \(dump.accounts.count) Konten; Prüfkette mit \(entries) Einträgen lückenlos."
                    )
                }
            }
        }
        struct PurgeCampaign: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "purge", abstract: "Delete a campaign's personal data and its key after the objection period.")
            @OptionGroup var server: ServerOptions
            @Argument(help: "The campaign's id.") var id: String
            @Flag(help: "Really delete (without it, only say what would be deleted).") var confirm = false
            @Flag(help: "Delete even before the end of the objection period.") var force = false

            func run() async throws {
                try await guardedAsync {
                    var options = server
                    options.campaign = id
                    let campaign = try await options.campaign()
                    let rule = campaign.election.purgeRule
                    guard confirm else {
                        let count = try await campaign.statusCounts().values.reduce(0, +)
                        print(
                            "Gelöscht würden Namen, Geburtsdaten und Anschriften von \(count) Formblättern der Kampagne \(id) und ihr Schlüssel; "
                                + "Nummern, Status und Zahlen bleiben. Erlaubt ab \(rule.day.german) (\(rule.reason)): dann mit --confirm ausführen.")
                        throw ExitCode(1)
                    }
                    let s = try await campaign.purgePersonalData(today: .today(), force: force, by: terminalActor())
                    print(
                        "Personendaten von \(s.sheets) Formblättern der Kampagne \(id) gelöscht, ihr Schlüssel vernichtet. Ältere Sicherungen der Datenbank "
                            + "werden unlesbar, sobald der Hostschlüssel gewechselt (sig-cli database rotate-host-key) und der alte vernichtet ist.")
                    if !s.outputs.isEmpty {
                        print("Diese Dateien mit Namen hat SignatureKit geschrieben; bitte ebenfalls löschen:")
                        for o in s.outputs { print("  \(o.path) (\(o.kind.germanName))") }
                    }
                }
            }
        }
    }
}
