import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

extension SigCLI {
    struct List: ParsableCommand {
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

        func run() throws {
            try guarded {
                let db = try options.open()
                let n = try self.nomination.map(SigCommandSupport.nomination)
                let s = status.flatMap(SheetStatus.init(parsing:))
                let sheets = try db.sheets(nomination: n, status: s)
                if format == .json {
                    print(try jsonString(Output(sheets: sheets.map { Item(sheet: $0.sheet, nomination: $0.nomination, status: $0.status) })))
                    return
                }
                var signerNames: [String: String] = [:]
                if names {
                    for signer in try db.personalData(of: sheets.map(\.sheet), purpose: .list) {
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

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one sheet with findings and history.")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The sheet number.") var sheet: String
        @Flag(help: "Show the signer's personal data.") var names = false

        func run() throws {
            try guarded {
                let db = try options.open()
                let d = try db.sheetDetail(sheet)
                let signer = names ? try db.personalData(of: [d.sheet], purpose: .show).first : nil
                print(d.germanLines(signer: signer).joined(separator: "\n"))
            }
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide probable duplicates and conflicts: interactively, or with --confirm/--dismiss ID.")
        @OptionGroup var options: DatabaseOptions
        @Flag(help: "Only list the open cases.") var list = false
        @Option(help: "Confirm this case: same person.") var confirm: Int64?
        @Option(help: "Dismiss this case: different people.") var dismiss: Int64?
        @Flag(help: "Show names to compare (personal data).") var names = false
        @Option(help: "Who decides (default: login name).") var by: String?

        func run() throws {
            try guarded {
                let db = try options.open()
                let user = currentUser(by)
                if let confirm {
                    try db.decide(pair: confirm, .confirmed, by: user)
                    print("Prüffall \(confirm): gleiche Person.")
                }
                if let dismiss {
                    try db.decide(pair: dismiss, .dismissed, by: user)
                    print("Prüffall \(dismiss): verschiedene Personen.")
                }
                if confirm != nil || dismiss != nil { return }
                let cases = try db.openReviewCases()
                print("\(cases.count) offene Prüffälle.")
                for c in cases {
                    print("")
                    let signers = names ? try db.personalData(of: [c.first.sheet, c.second.sheet], purpose: .review) : []
                    print(c.germanLines(signers: signers).joined(separator: "\n"))
                    if list { continue }
                    print("  [j] gleiche Person  [n] verschiedene Personen  [s] später  [q] beenden: ", terminator: "")
                    guard let answer = readLine()?.lowercased() else { return }
                    switch answer {
                    case "j", "ja", "y": try db.decide(pair: c.id, .confirmed, by: user)
                    case "n", "nein": try db.decide(pair: c.id, .dismissed, by: user)
                    case "q": return
                    default: continue
                    }
                }
            }
        }
    }
}
