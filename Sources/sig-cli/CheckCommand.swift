import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

extension SigCLI {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the full duplicate pass and list every finding.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "text or json.") var format: OutputFormat = .text
        @Flag(help: "Apply every eligibility rule again first (e.g. after a change of the election data).")
        var rules = false

        struct Output: Encodable { let findings: [CheckFinding] }

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                if backend.isReadOnly {
                    printError("Hinweis: Datenbank schreibgeschützt – gezeigt werden die gespeicherten Befunde ohne neuen Dublettenlauf.")
                } else {
                    if rules { try await backend.recheckRules(today: .today()) }
                    _ = try await backend.fullDuplicatePass(by: terminalActor())
                }
                let findings = try await backend.campaignFindings()
                switch format {
                case .json:
                    print(try jsonString(Output(findings: findings)))
                case .text:
                    if findings.isEmpty { print("Keine Befunde.") }
                    for f in findings {
                        let sheets = f.sheets.prefix(12).joined(separator: ", ") + (f.sheets.count > 12 ? " … (\(f.sheets.count))" : "")
                        print("\(f.severity.germanName) [\(f.code)] \(f.message)\n    Formblätter: \(sheets)")
                    }
                }
                if findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move sheets through the lifecycle: sent, certified, rejected, submitted, lost, withdrawn.",
            discussion: "With --from FILE: a CSV from the election office (sheet;status;reason).")
        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The new status, then the sheet numbers.") var arguments: [String] = []
        @Option(help: "Reason code for rejected: \(RejectReason.allCases.map(\.rawValue).joined(separator: ", ")).")
        var reason: String?
        @Option(help: "A CSV file with sheet;status;reason.") var from: String?
        @Option(help: "Who records it (default: login name).") var by: String?

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                var changes: [StatusChange]
                if let from {
                    changes = try StatusFile.changes(fromFile: from)
                } else {
                    guard let first = arguments.first, let status = SheetStatus(parsing: first), arguments.count > 1 else {
                        throw ValidationError("Aufruf: sig-cli status sent|certified|rejected|submitted|lost FORMBLATT…")
                    }
                    var r: RejectReason?
                    if let reason {
                        guard let parsed = RejectReason(parsing: reason) else {
                            throw SignatureKitError.invalidField(
                                field: "--reason",
                                reason: "„\(reason)“ unbekannt (\(RejectReason.allCases.map(\.rawValue).joined(separator: ", ")))")
                        }
                        r = parsed
                    }
                    changes = arguments.dropFirst().map { StatusChange(sheet: $0, status: status, reason: r) }
                }
                let changed = try await backend.setStatus(changes, by: terminalActor(by))
                let unchanged = Set(changes.map { $0.sheet.uppercased() }).count - changed
                print("\(changed) Formblätter aktualisiert" + (unchanged > 0 ? ", \(unchanged) hatten diesen Status schon." : "."))
            }
        }
    }
}
