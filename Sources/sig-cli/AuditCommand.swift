import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

extension SigCLI {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check or list the tamper-evident record of changes and reads of personal data.",
            subcommands: [Verify.self, List.self])

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Recompute the hash chain: exit 0 when whole, 1 naming the first broken entry.")
            @OptionGroup var options: DatabaseOptions

            func run() async throws {
                try await guardedAsync {
                    let backend: any CampaignBackend = try await options.backend()
                    switch try await backend.verifyAudit() {
                    case .whole(let n): print("Protokoll vollständig: \(n) Einträge, Kette unverändert.")
                    case .broken(let id):
                        printError("Protokoll verändert: Eintrag \(id) passt nicht zur Kette (geändert, davor gelöscht oder verschoben).")
                        throw ExitCode(1)
                    }
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the entries: when, who, what, which sheets (no personal data).")
            @OptionGroup var options: DatabaseOptions
            @Option(help: "Only entries from this day on.") var since: DayArgument?
            @Option(help: "text or json.") var format: OutputFormat = .text

            struct Output: Encodable {
                struct Entry: Encodable {
                    let at: String
                    let user: String
                    let action: String
                    let sheets: [String]
                }
                let entries: [Entry]
            }

            func run() async throws {
                try await guardedAsync {
                    let backend: any CampaignBackend = try await options.backend()
                    let entries = try await backend.auditEntries(since: try since?.day("--since"))
                    if format == .json {
                        print(try jsonString(Output(entries: entries.map { .init(at: $0.at, user: $0.user, action: $0.action, sheets: $0.sheets) })))
                        return
                    }
                    for e in entries {
                        let sheets = e.sheets.prefix(10).joined(separator: ", ") + (e.sheets.count > 10 ? " … (\(e.sheets.count))" : "")
                        print("\(e.id)  \(e.at)  \(e.user.escapedForTerminal)  \(e.action)" + (sheets.isEmpty ? "" : "  \(sheets)"))
                    }
                    print("\(entries.count) Einträge.")
                }
            }
        }
    }
}
