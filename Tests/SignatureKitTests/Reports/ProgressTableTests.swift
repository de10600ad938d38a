import Foundation
import Testing

@testable import SignatureKit

/// The terminal table is the README's headline output: its header, rows and bars are pinned here.
struct ProgressTableTests {
    @Test("The terminal table: header lines, at-risk first, exact cells and bar of a ward, totals, legend; colour only when asked")
    func table() throws {
        let db = try ProgressReportTests().sample()
        let r = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01")))
        let text = ProgressRenderer.text(r, color: false)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Kommunalwahl Krefeld 2025 – Stand 01.06.2025")
        #expect(lines[1] == "Einreichungsfrist 07.07.2025, 18:00 Uhr; eigene Frist 23.06.2025 (noch 22 Tage)")
        #expect(lines[2] == "Bescheinigungsquote bisher 67 % aus 3 Entscheidungen, vorsichtig gerechnet 21 %; Sicherheitszuschlag 30 %")
        #expect(lines[3] == "")
        #expect(lines[4].hasPrefix("Wahlvorschlag              Soll  Ziel  erfasst  gültig  offen  Regelf.  abgel.  verl.  doppelt  Prognose"))
        // Ward 12: 10 required, target 13, 6 entered, 2 valid, 1 pending, 1 invalid, 1 rejected, 1 duplicate.
        let ward12 = try #require(lines.first { $0.hasPrefix("Wahlbezirk 12 ") })
        let cells = ward12.split(separator: " ").map(String.init)
        #expect(Array(cells[2...12]) == ["10", "13", "6", "2", "1", "1", "1", "0", "1", "2", "11"])
        // 2 of 13 valid → 3 of 20 blocks full, 1 of 13 pending → 1 block half, the rest open.
        #expect(ward12.contains("[███▒················]"))
        #expect(ward12.hasSuffix("zurück    "))
        // All nominations are behind; ward 12 comes before the empty ward 1 only by election order.
        let order = lines.filter { $0.hasPrefix("Wahlbezirk ") }.map { $0.split(separator: " ")[1] }
        #expect(order.prefix(3) == ["1", "2", "3"])
        let totals = try #require(lines.first { $0.hasPrefix("Gesamt ") })
        // The totals are the sums of the nominations' own targets (as the curve's "Ziel").
        #expect(totals.split(separator: " ")[1...4] == ["860", "1119", "7", "2"])
        #expect(text.contains("Beim jetzigen Tempo verfehlen 36 von 36 Wahlvorschlägen ihr Ziel: Wahlbezirk 1, Wahlbezirk 2"))
        #expect(
            text.hasSuffix(
                "█ gültig (bescheinigt)  ▒ offen  · fehlt bis zum Ziel; Regelf. = offen mit Regelfehler (zählt nicht), verl. = verloren oder zurückgezogen\n"
            ))
        #expect(!text.contains("\u{1B}["))
        #expect(ProgressRenderer.text(r, color: true).contains("\u{1B}[31mzurück\u{1B}[0m"))
    }
}

struct ProgressDeadlineTests {
    @Test("The campaign's own deadline in words: days left, today, and overdue after it (never 'noch 0 Tage')")
    func deadlineWords() throws {
        let db = try TestSupport.database()
        let words = { (day: String) in try db.progressReport(ProgressSettings(asOf: TestSupport.day(day))).campaignDeadlineText }
        #expect(try words("2025-06-01") == "noch 22 Tage")
        #expect(try words("2025-06-22") == "noch 1 Tag")
        #expect(try words("2025-06-23") == "heute")
        #expect(try words("2025-06-24") == "seit 1 Tag überschritten")
        #expect(try words("2025-06-30") == "seit 7 Tagen überschritten")
        #expect(
            ProgressRenderer.html(try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-30")))).contains(
                "eigene Frist 23.06.2025, seit 7 Tagen überschritten."))
    }

    @Test("sig-report progress --format pdf writes the A4 report; pdftotext reads the status words back")
    func progressPDF() throws {
        let cli = CLITests()
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("p.sqlite").path
        #expect(try cli.run("sig-cli", ["init", "--db", db]).status == 0)
        let pdf = dir.appendingPathComponent("stand.pdf").path
        let run = try cli.run("sig-report", ["progress", "--db", db, "--format", "pdf", "--output", pdf, "--as-of", "01.06.2025"])
        try #require(run.status == 0, "Chromium or pdftotext missing: .ci/run installs them. \(run.err)")
        let out = try TestSupport.pdfText(pdf)
        #expect(out.contains("Kommunalwahl Krefeld 2025: Stand der"))  // the long word may be hyphenated on A4
        #expect(out.contains("noch 22 Tage"))
        #expect(out.contains("Wahlbezirk 29"))
        let noOutput = try cli.run("sig-report", ["progress", "--db", db, "--format", "pdf"])
        #expect(noOutput.status != 0 && noOutput.err.contains("--output"))
    }

    @Test("The demo's progress PDF (A4) keeps every column and every status word; its day is the demo's, not the machine's")
    func demoProgressPDF() throws {
        let cli = CLITests()
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try cli.run("sig-cli", ["demo", "--db", db]).status == 0)
        let pdf = dir.appendingPathComponent("stand.pdf").path
        let run = try cli.run("sig-report", ["progress", "--db", db, "--format", "pdf", "--output", pdf])
        try #require(run.status == 0, "\(run.err)")
        let out = try TestSupport.pdfText(pdf)
        for column in [
            "Soll", "Ziel", "erfasst", "gültig", "offen", "Regelfehler", "abgelehnt", "verloren", "doppelt", "Prognose", "fehlt", "Tempo/Tag",
            "nötig/Tag", "Status",
        ] {
            #expect(out.contains(column), "column \(column)")
        }
        let report = try SignatureDatabase.open(at: db).progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-30")))
        #expect(out.contains("Stand 30.06.2025"))
        let words = Set(report.nominations.map(\.status.rawValue))
        #expect(words.count >= 2)
        for word in words { #expect(out.contains(word), "status \(word)") }
        #expect(out.contains("Gesamt"))
        #expect(out.contains(ProgressRenderer.summarySentence(report).prefix(30)))
    }
}

struct ProfilePDFTests {
    @Test("The certification letter and the submission lists as PDF name the voter group (pdftotext); the demo's letter carries its day")
    func groupOnPaper() throws {
        let cli = CLITests()
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("demo.sqlite").path
        #expect(try cli.run("sig-cli", ["demo", "--db", db]).status == 0)
        let set = try cli.run(
            "sig-cli",
            [
                "profile", "--db", db, "--group", "Liste Unabhängiger Krefelder Stimmen", "--address", "Ostwall 1, 47798 Krefeld", "--contact",
                "Erika Beispiel",
            ])
        #expect(set.status == 0, "\(set.err)")
        let letter = dir.appendingPathComponent("antrag.pdf").path
        try #require(try cli.run("sig-report", ["batch", "--db", db, "--format", "pdf", "--output", letter]).status == 0)
        let letterText = try TestSupport.pdfText(letter)
        #expect(letterText.contains("Liste Unabhängiger Krefelder Stimmen"))
        #expect(letterText.contains("Ostwall 1, 47798 Krefeld"))
        #expect(letterText.contains("30.06.2025"))
        let lists = dir.appendingPathComponent("listen.pdf").path
        try #require(try cli.run("sig-report", ["submission", "--db", db, "--output", lists]).status == 0)
        let listText = try TestSupport.pdfText(lists)
        #expect(listText.contains("Liste Unabhängiger Krefelder Stimmen"))
        #expect(listText.contains("Erika Beispiel"))
    }
}
