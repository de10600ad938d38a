import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

extension SigCLI {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sheets (no names unless --names).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Only this nomination, e.g. ward:12.") var nomination: String?
        @Option(help: "Only this status.") var status: String?
        @Option(help: "text or json.") var format: OutputFormat = .text
        @Flag(help: "Show signer names (personal data).") var names = false

        struct Item: Encodable {
            let sheet: String
            let nomination: String
            let status: SheetStatus
        }
        struct Output: Encodable { let sheets: [Item] }

        func validate() throws {
            if let status, SheetStatus(parsing: status) == nil {
                throw ValidationError(
                    "Option „--status“: „\(status)“ unbekannt (erfasst, versandt, bescheinigt, abgelehnt, eingereicht, verloren, zurückgezogen)")
            }
        }

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                let n = try self.nomination.map(SigCommandSupport.nomination)
                let s = status.flatMap(SheetStatus.init(parsing:))
                let sheets = try await backend.sheetList(nomination: n, status: s, enteredBy: nil)
                if format == .json {
                    print(try jsonString(Output(sheets: sheets.map { Item(sheet: $0.sheet, nomination: $0.nomination, status: $0.status) })))
                    return
                }
                var signerNames: [String: String] = [:]
                if names {
                    for signer in try await backend.signers(sheets.map(\.sheet), purpose: .list, by: terminalActor()) {
                        signerNames[signer.sheet] = signer.fullName.escapedForTerminal
                    }
                }
                print(
                    pad("Formblatt", 12) + pad("Wahlvorschlag", 18) + pad("Status", 20) + pad("Unterschr.", 12) + "Befunde"
                        + (names ? "  Name" : ""))
                for item in sheets {
                    let line =
                        pad(item.sheet, 12) + pad(item.nomination, 18) + pad(item.status.germanName, 20)
                        + pad(CalendarDay(parsing: item.signedOn)?.german ?? item.signedOn, 12)
                        + "\(item.errors) F, \(item.warnings) W" + (item.duplicateOf.map { ", doppelt zu \($0)" } ?? "")
                        + (signerNames[item.sheet].map { "  \($0)" } ?? "")
                    print(line)
                }
                print("\(sheets.count) Formblätter.")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one sheet with findings and history.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The sheet number.") var sheet: String
        @Flag(help: "Show the signer's personal data.") var names = false

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                let d = try await backend.sheetInfo(sheet)
                let signer = names ? try await backend.signers([d.sheet], purpose: .show, by: terminalActor()).first : nil
                print(d.germanLines(signer: signer).joined(separator: "\n"))
            }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide probable duplicates and conflicts: interactively, or with --confirm/--dismiss ID.")
        @OptionGroup var options: DatabaseOptions
        @Flag(help: "Only list the open cases.") var list = false
        @Option(help: "Confirm this case: same person.") var confirm: Int64?
        @Option(help: "Dismiss this case: different people.") var dismiss: Int64?
        @Flag(help: "Show names to compare (personal data).") var names = false
        @Option(help: "Who decides (default: login name).") var by: String?

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                let user = terminalActor(by)
                if let confirm {
                    try await backend.decide(case: confirm, .confirmed, by: user)
                    print("Prüffall \(confirm): gleiche Person.")
                }
                if let dismiss {
                    try await backend.decide(case: dismiss, .dismissed, by: user)
                    print("Prüffall \(dismiss): verschiedene Personen.")
                }
                if confirm != nil || dismiss != nil { return }
                let cases = try await backend.openCases()
                print("\(cases.count) offene Prüffälle.")
                for c in cases {
                    print("")
                    let signers = names ? try await backend.signers([c.first.sheet, c.second.sheet], purpose: .review, by: user) : []
                    print(c.germanLines(signers: signers).joined(separator: "\n"))
                    if list { continue }
                    print("  [j] gleiche Person  [n] verschiedene Personen  [s] später  [q] beenden: ", terminator: "")
                    guard let answer = readLine()?.lowercased() else { return }
                    switch answer {
                    case "j", "ja", "y": try await backend.decide(case: c.id, .confirmed, by: user)
                    case "n", "nein": try await backend.decide(case: c.id, .dismissed, by: user)
                    case "q": return
                    default: continue
                    }
                }
            }
        }
    }
}
