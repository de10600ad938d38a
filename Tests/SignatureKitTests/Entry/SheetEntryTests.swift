import Foundation
import Testing

@testable import SignatureKit

struct SheetEntryTests {
    func entry() throws -> SheetEntry {
        SheetEntry(database: try TestSupport.database(), enteredBy: "aylin")
    }

    @Test("Fields are checked as typed: form, a stored sheet number, a foreign nomination, a signer too young")
    func fieldChecks() throws {
        let e = try entry()
        #expect(try e.check(field: "born", value: "31.02.1990") == .problem("kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)"))
        #expect(try e.check(field: "born", value: "14.09.2009") == .ok)
        #expect(try e.check(field: "born", value: "15.09.2009") == .warning("am Wahltag jünger als 16 – Formblatt kann nicht zählen"))
        #expect(try e.check(field: "nomination", value: "ward:99") == .problem("ward:99 gibt es in dieser Wahl nicht"))
        #expect(try e.check(field: "postal_code", value: "4779") == .problem("Postleitzahl muss fünfstellig sein"))
        _ = try e.record(TestSupport.sheet("F1"), today: TestSupport.today)
        #expect(try e.check(field: "sheet", value: "f1") == .problem("F1 ist bereits erfasst – Nummer auf dem Formblatt prüfen"))
        #expect(try e.check(field: "sheet", value: "F2") == .ok)
    }

    @Test("A whole sheet: malformed fields store nothing; a stored sheet names its outcome and duplicate in German")
    func record() throws {
        let e = try entry()
        var values = [
            "sheet": "F1", "nomination": "ward:12", "surname": "Müller", "given_names": "Anna", "born": "12.03.1980",
            "street": "Hauptstraße", "house_number": "12a", "postal_code": "47798", "city": "Krefeld",
            "signed_on": "01.05.2025", "collector": "Aylin",
        ]
        let first = try e.record(values, today: TestSupport.today)
        #expect(first.canCount)
        #expect(first.germanLines.first == "F1: gespeichert – kann zählen.")
        values["sheet"] = "F2"
        values["surname"] = "MUELLER"
        guard case .recorded(let second) = try e.record(values, today: TestSupport.today) else {
            Issue.record("not recorded")
            return
        }
        #expect(!second.canCount)
        #expect(second.duplicateOf == "F1")
        #expect(try e.database.sheetDetail("F2").duplicateOf == "F1")
        #expect(try e.database.sheetDetail("F1").duplicateOf == nil)
        #expect(second.germanLines.first == "F2: gespeichert – zählt NICHT.")
        #expect(second.germanLines.contains { $0.hasPrefix("  Doppelt: dieselbe Person wie F1 für denselben Wahlvorschlag – zählt einmal") })
        #expect(!second.germanLines.joined().contains("Müller") && !second.germanLines.joined().contains("MUELLER"))
        values["sheet"] = "F3"
        values["nomination"] = "ward:99"
        values["born"] = "31.02.1990"
        let bad = try e.record(values, today: TestSupport.today)
        #expect(
            bad.germanLines == [
                "Fehler: Feld „Geburtsdatum“: kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)"
            ])
        values["born"] = "12.03.1980"
        #expect(
            try e.record(values, today: TestSupport.today).germanLines == ["Fehler: Feld „Wahlvorschlag“: „ward:99“ gibt es in dieser Wahl nicht"])
        #expect(try e.database.sheetCount() == 2)
    }
}
