import Foundation
import Testing

@testable import SignatureKit

struct IncompleteSheetTests {
    @Test("A row with empty given names or house number is stored as incomplete (cannot count); one without a sheet number is rejected")
    func incomplete() throws {
        let dir = TestSupport.tempDir()
        let db = try TestSupport.database()
        let csv = TestSupport.write(
            TestSupport.header
                + "I1;ward:12;Müller;;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n"
                + "I2;ward:12;Müller;;12.03.1980;Hauptstraße;;47798;Krefeld;02.05.2025;Aylin\n"
                + ";ward:12;Schulz;Jan;01.01.1990;Ostwall;5;47798;Krefeld;02.05.2025;Bernd\n", in: dir)
        let s = try db.importSheets(from: csv, enteredBy: "t", today: TestSupport.today)
        #expect(s.stored == 2 && s.storedWithErrors == 2 && s.rejectedRows == 1)
        #expect(s.rejected.map(\.field) == ["Formblatt"])
        let i1 = try db.sheetDetail("I1").findings
        #expect(i1.filter { $0.severity == .error }.map(\.code) == ["incomplete"])
        #expect(i1.first?.message == "Unvollständig: Vornamen fehlt; das Formblatt zählt nicht.")
        #expect(try db.sheetDetail("I2").findings.first?.message == "Unvollständig: Vornamen, Hausnummer fehlen; das Formblatt zählt nicht.")
        // Empty names are never a duplicate of each other.
        #expect(s.duplicates == 0 && s.possibleDuplicates == 0)
        #expect(try db.duplicatePass().newPairs == 0)
        let w12 = try #require(try db.progressReport(ProgressSettings(asOf: TestSupport.today)).nominations.first { $0.id == "ward:12" })
        #expect(w12.entered == 2 && w12.invalid == 2 && w12.pending == 0)
    }

    @Test("The entry form takes an empty field with a warning; the collector reads the citizenship reminder once per session")
    func entryAndReminder() async throws {
        let e = SheetEntry(backend: try TestSupport.database(), enteredBy: "t")
        #expect(
            try await e.check(field: "given_names", value: "") == .warning("fehlt – das Formblatt wird als unvollständig gespeichert und zählt nicht")
        )
        #expect(try await e.check(field: "sheet", value: "") == .problem("darf nicht leer sein"))
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("r.sqlite").path
        let cli = CLITests()
        _ = try cli.run("sig-cli", ["init", "--db", path])
        let sheet = ["ward:3", "Beispiel", "Erika", "28.02.1990", "Ostwall", "5", "47798", "", "02.05.2025", "Aylin"]
        let answers = (["R1"] + sheet + ["R2"] + sheet.map { _ in "" } + [""]).joined(separator: "\n") + "\n"
        let r = try cli.run("sig-cli", ["add", "--db", path], stdin: answers)
        #expect(r.out.components(separatedBy: "Unterschreiben dürfen nur Deutsche und Unionsbürger").count == 2)
        #expect(r.out.contains("not-eligible"))
        #expect(RejectReason(parsing: "not-eligible") == .notEligible)
    }
}
