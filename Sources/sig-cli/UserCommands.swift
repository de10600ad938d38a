import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

extension AccountRole: ExpressibleByArgument {}

extension SigCLI {
    struct User: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the team's accounts for sig-web (passwords stored only as scrypt hashes).",
            subcommands: [Add.self, List.self, Passwd.self, Remove.self])

        /// Reads a new password: the first line of standard input with --password-stdin, else typed twice at a terminal.
        static func newPassword(fromStdin: Bool) throws -> String {
            if fromStdin {
                guard let line = readLine(strippingNewline: true) else {
                    throw SignatureKitError.invalidField(field: "Passwort", reason: "keine Zeile auf der Standardeingabe")
                }
                return line
            }
            guard let typed = try readSecret(file: nil, environment: nil, prompt: "Passwort: ", confirm: true, field: "Passwort") else {
                throw SignatureKitError.invalidField(field: "Passwort", reason: "ohne Terminal mit --password-stdin übergeben")
            }
            return typed
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create an account with a role.")
            @OptionGroup var options: DatabaseOptions
            @Argument(help: "The account name.") var name: String
            @Option(help: "volunteer, organizer, board or admin.") var role: AccountRole
            @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

            func run() async throws {
                try await guardedAsync {
                    let backend: any CampaignBackend = try await options.backend()
                    let password = try User.newPassword(fromStdin: passwordStdin)
                    try await backend.addAccount(name, role: role, password: password, by: terminalActor())
                    print("Konto \(name) (\(role.germanName)) angelegt.")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the accounts and their roles.")
            @OptionGroup var options: DatabaseOptions

            func run() async throws {
                try await guardedAsync {
                    let backend: any CampaignBackend = try await options.backend()
                    let accounts = try await backend.accountList()
                    for a in accounts {
                        print("\(a.name.escapedForTerminal)  \(a.role.rawValue) (\(a.role.germanName))  seit \(a.createdAt.prefix(10))")
                    }
                    print("\(accounts.count) Konten.")
                }
            }
        }

        struct Passwd: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Set a new password; the account's sessions end.")
            @OptionGroup var options: DatabaseOptions
            @Argument(help: "The account name.") var name: String
            @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

            func run() async throws {
                try await guardedAsync {
                    let backend: any CampaignBackend = try await options.backend()
                    let password = try User.newPassword(fromStdin: passwordStdin)
                    try await backend.setPassword(name, password: password, by: terminalActor())
                    print("Neues Passwort für \(name) gesetzt; angemeldete Sitzungen sind beendet.")
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Remove an account; its sessions end.")
            @OptionGroup var options: DatabaseOptions
            @Argument(help: "The account name.") var name: String

            func run() async throws {
                try await guardedAsync {
                    let backend: any CampaignBackend = try await options.backend()
                    try await backend.removeAccount(name, by: terminalActor())
                    print("Konto \(name) entfernt.")
                }
            }
        }
    }
}
