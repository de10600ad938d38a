import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

@main
struct SigReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sig-report",
        abstract: "Progress toward the quotas, lists for the board, and election results.",
        subcommands: [Progress.self, Submission.self, Batch.self, Seats.self, Results.self, Collectors.self])

    static func main() async { await runGerman(SigReport.self) }
}

/// Writes to a file or standard output.
func emit(_ text: String, to output: String?) throws {
    guard let output else {
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        return
    }
    try CSVOutput.writeOwnerOnly(text, to: output)
    printError("Geschrieben: \(output)")
}

extension SigReport {
    struct Progress: AsyncParsableCommand {
        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv, html, pdf }
        static let configuration = CommandConfiguration(
            abstract: "Show per-nomination progress toward the quotas and the forecast to the deadline.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Report date (default today; a demo campaign's own day).") var asOf: DayArgument?
        @Option(help: "table, json, csv, html or pdf (with --output).") var format: Format = .table
        @Option(help: "Safety margin in percent over the quota.") var margin: Double = 30
        @Option(help: "Days the city needs to certify before the legal deadline.") var leadDays: Int = 14
        @Option(help: "Write to this file instead of standard output.") var output: String?
        @Flag(help: "Plan with 20 signatures for every ward whose inhabitants are unknown.") var cautious = false
        @Flag(help: "Use ./signatures-demo.sqlite, creating it with fictitious sheets when missing.") var demo = false

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await (demo ? options.demo() : options).backend()
                let asOfDay: CalendarDay
                if let asOf {
                    asOfDay = try asOf.day("--as-of")
                } else {
                    asOfDay = demo ? CalendarDay(year: 2025, month: 6, day: 1) ?? .today() : try await backend.campaignToday()
                }
                let settings = try ProgressSettings.checked(asOf: asOfDay, marginPercent: margin, leadDays: leadDays, cautious: cautious)
                let report = try await ProgressReport.load(from: backend, settings)
                switch format {
                case .table: try emit(ProgressRenderer.text(report, color: output == nil && isatty(1) == 1), to: output)
                case .json: try emit(ProgressRenderer.json(report), to: output)
                case .csv: try emit(ProgressRenderer.csv(report), to: output)
                case .html: try emit(ProgressRenderer.html(report), to: output)
                case .pdf:
                    // The same A4 page as the HTML, printed by Chromium like the lists.
                    guard let output else { throw ValidationError("--format pdf braucht --output DATEI.") }
                    try PDFPrinter.print(html: ProgressRenderer.html(report), to: output)
                    printError("Geschrieben: \(output)")
                }
            }
        }
    }

    struct Submission: AsyncParsableCommand {
        enum Format: String, ExpressibleByArgument, CaseIterable { case pdf, html, csv }
        static let configuration = CommandConfiguration(
            abstract: "Print the submission lists (Einreichungslisten) for the board, with a cover page.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Only this nomination, e.g. ward:12.") var nomination: String?
        @Option(help: "pdf, html or csv.") var format: Format = .pdf
        @Option(help: "The output file.") var output: String
        @Flag(help: "Include signer names (personal data).") var includeNames = false

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                let n = try self.nomination.map(SigCommandSupport.nomination)
                let list = try await SubmissionList.load(
                    from: backend, nomination: n, includeNames: includeNames, today: try await backend.campaignToday(), by: terminalActor())
                switch format {
                case .html: try emit(SubmissionRenderer.html(list), to: output)
                case .csv: try emit(SubmissionRenderer.csv(list), to: output)
                case .pdf:
                    try PDFPrinter.print(html: SubmissionRenderer.html(list), to: output)
                    printError("Geschrieben: \(output)")
                }
                if includeNames { try await backend.noteWrittenFile(output, kind: .submissionList, by: terminalActor()) }
                for s in list.sections where !s.enough {
                    printError("Achtung: \(s.nomination.germanLabel): \(s.certified.count) von \(s.required) bescheinigt.")
                }
            }
        }
    }

    struct Batch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the sheets to send for certification, with a cover letter; --mark-sent records the sending.")
        enum Format: String, ExpressibleByArgument, CaseIterable { case html, pdf }
        @OptionGroup var options: DatabaseOptions
        @Option(help: "Write the batch to this file (standard output for HTML when omitted).") var output: String?
        @Option(help: "html or pdf.") var format: Format = .html
        @Flag(help: "Move the listed sheets to status sent.") var markSent = false
        @Option(help: "The letter's date (default today; a demo campaign's own day).") var asOf: DayArgument?

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                let batch = try await CertificationBatch.load(from: backend)
                var day = try asOf?.day("--as-of")
                if day == nil { day = try await backend.campaignToday() }
                let html = CertificationBatchRenderer.html(batch, city: backend.election.city, date: day ?? .today())
                if format == .pdf {
                    guard let output else { throw ValidationError("--format pdf braucht --output DATEI.") }
                    try PDFPrinter.print(html: html, to: output)
                    printError("Geschrieben: \(output)")
                } else {
                    try emit(html, to: output)
                }
                if markSent {
                    let changed = try await backend.setStatus(batch.sheets.map { StatusChange(sheet: $0.sheet, status: .sent) }, by: terminalActor())
                    printError("\(changed) Formblätter als „zur Bescheinigung“ vermerkt.")
                }
            }
        }
    }
}

extension SigReport {
    struct Collectors: AsyncParsableCommand {
        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }
        static let configuration = CommandConfiguration(
            abstract: "Per collector: sheets, how many may count, rejections and rule errors by reason (training, not a ranking).")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "table or json.") var format: Format = .table
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            try await guardedAsync {
                let backend: any CampaignBackend = try await options.backend()
                let report = try await backend.collectorFigures(only: nil)
                try emit(format == .json ? report.json : report.text, to: output)
            }
        }
    }
}
