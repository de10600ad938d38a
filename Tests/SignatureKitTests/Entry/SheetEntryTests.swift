import Foundation
import Testing

@testable import SignatureKit

struct SheetEntryTests {
    func entry() throws -> SheetEntry {
        SheetEntry(backend: try TestSupport.database(), enteredBy: "aylin")
    }

    @Test("Fields are checked as typed: form, a stored sheet number, a foreign nomination, a signer too young")
    func fieldChecks() async throws {
        let e = try entry()
        #expect(try await e.check(field: "born", value: "31.02.1990") == .problem(SheetParser.dateProblem))
        #expect(try await e.check(field: "born", value: "14.09.2009") == .ok)
        #expect(try await e.check(field: "born", value: "15.09.2009") == .cannotCount("am Wahltag jünger als 16 – Formblatt kann nicht zählen"))
        #expect(try await e.check(field: "born", value: "15.09.09") == .cannotCount("am Wahltag jünger als 16 – Formblatt kann nicht zählen"))
        #expect(try await e.check(field: "nomination", value: "ward:99") == .problem("Wahlbezirk 99 gibt es in dieser Wahl nicht"))
        #expect(try await e.check(field: "nomination", value: "Wahlbezirk 12") == .ok)
        #expect(try await e.check(field: "collector", value: "") == .ok)
        #expect(try await e.check(field: "postal_code", value: "4779") == .problem("Postleitzahl muss fünfstellig sein"))
        _ = try await e.record(TestSupport.sheet("F1"), today: TestSupport.today)
        #expect(try await e.check(field: "sheet", value: "f1") == .problem("F1 ist bereits erfasst – Nummer auf dem Formblatt prüfen"))
        #expect(try await e.check(field: "sheet", value: "F2") == .ok)
    }

    @Test("A whole sheet: malformed fields store nothing; a stored sheet names its outcome and duplicate in German")
    func record() async throws {
        let e = try entry()
        var values = [
            "sheet": "F1", "nomination": "ward:12", "surname": "Müller", "given_names": "Anna", "born": "12.03.1980",
            "street": "Hauptstraße", "house_number": "12a", "postal_code": "47798", "city": "Krefeld",
            "signed_on": "01.05.2025", "collector": "Aylin",
        ]
        let first = try await e.record(values, today: TestSupport.today)
        #expect(first.canCount)
        #expect(try await e.verdict(first).germanLines.first == "F1: gespeichert – kann zählen.")
        values["sheet"] = "F2"
        values["surname"] = "MUELLER"
        guard case .recorded(let second) = try await e.record(values, today: TestSupport.today) else {
            Issue.record("not recorded")
            return
        }
        #expect(!second.canCount)
        #expect(second.duplicateOf == "F1")
        #expect(try await e.backend.sheetInfo("F2").duplicateOf == "F1")
        #expect(try await e.backend.sheetInfo("F1").duplicateOf == nil)
        let lines = try await e.verdict(.recorded(second)).germanLines
        #expect(lines.first == "F2: gespeichert – zählt NICHT.")
        #expect(lines.contains { $0.hasPrefix("  Doppelt: Diese Person hat schon für Wahlbezirk 12 unterschrieben (F1) – zählt nur einmal") })
        #expect(!lines.joined().contains("Müller") && !lines.joined().contains("MUELLER"))
        values["sheet"] = "F3"
        values["nomination"] = "ward:99"
        values["born"] = "31.02.1990"
        let bad = try await e.record(values, today: TestSupport.today)
        #expect(try await e.verdict(bad).germanLines == ["Fehler: Feld „Geburtsdatum“: \(SheetParser.dateProblem)"])
        values["born"] = "12.03.1980"
        #expect(
            try await e.verdict(e.record(values, today: TestSupport.today)).germanLines == [
                "Fehler: Feld „Wahlvorschlag“: Wahlbezirk 99 gibt es in dieser Wahl nicht"
            ])
        #expect(try await e.backend.sheetList(nomination: nil, status: nil, enteredBy: nil).count == 2)
    }

    static func values(_ sheet: String, nomination: String = "ward:3", surname: String = "Lehmann", born: String = "12.03.1980")
        -> [String: String]
    {
        [
            "sheet": sheet, "nomination": nomination, "surname": surname, "given_names": "Anna", "born": born,
            "street": "Hauptstraße", "house_number": "12a", "postal_code": "47798", "city": "Krefeld", "signed_on": "01.05.2025",
            "collector": "",
        ]
    }

    @Test("The verdict names every pair: a conflict with the other ward and sheet, a possible duplicate, in a volunteer's words")
    func verdictPairs() async throws {
        let e = try entry()
        let first = try await e.verdict(e.record(Self.values("F000002"), today: TestSupport.today))
        #expect(first.counts && first.items.filter(\.isPair).isEmpty)
        // The same person for ward 4: a conflict with F000002 (ward 3).
        let conflict = try await e.verdict(e.record(Self.values("F000003", nomination: "4"), today: TestSupport.today))
        let pair = try #require(conflict.items.first { $0.isPair })
        #expect(pair.code == "conflict")
        #expect(pair.severity == .error)
        #expect(pair.sheet == "F000002")
        #expect(pair.nomination == "ward:3")
        #expect(pair.message.hasPrefix("Diese Person hat schon für Wahlbezirk 3 unterschrieben (F000002) – nachfragen"))
        #expect(conflict.headline == "F000003: gespeichert – kann zählen, aber nur wenn der Konflikt geklärt wird.")
        #expect(conflict.severity == .error)
        // "Leman" after "Lehmann", same birth date and address, same ward: a possible duplicate of F000002.
        let possible = try await e.verdict(e.record(Self.values("F000004", surname: "Leman"), today: TestSupport.today))
        let codes = possible.items.filter(\.isPair).map { "\($0.code) \($0.sheet ?? "")" }
        #expect(codes.contains("possible-duplicate F000002"))
        #expect(possible.severity == .warning)
        #expect(possible.counts)
        // Sent again, the same verdict comes from what is stored.
        let again = try await e.verdict(e.record(Self.values("F000003", nomination: "4"), today: TestSupport.today))
        #expect(again.state == .alreadyPresent)
        // F000004 came later and is a possible conflict of F000003 (ward 3 vs 4): stored pairs as they are now.
        #expect(again.items.filter(\.isPair).map { "\($0.code) \($0.sheet ?? "")" } == ["conflict F000002", "possible-conflict F000004"])
        // An empty collector never makes a sheet incomplete.
        #expect(!first.items.contains { $0.code == "incomplete" })
    }

    @Test("Dates as people type them: TT.MM.JJJJ, JJJJ-MM-TT, TTMMJJJJ, TT.MM.JJ (century by age on election day)")
    func typedDates() throws {
        let electionDay = TestSupport.day("14.09.2025")
        let birth = CalendarDay.TwoDigitYear.birth(electionDay: electionDay)
        #expect(CalendarDay(typed: "12031980", twoDigitYear: birth)?.german == "12.03.1980")
        #expect(CalendarDay(typed: "12.03.80", twoDigitYear: birth)?.german == "12.03.1980")
        #expect(CalendarDay(typed: "1.3.80", twoDigitYear: birth)?.german == "01.03.1980")
        #expect(CalendarDay(typed: "1980-03-12", twoDigitYear: birth)?.german == "12.03.1980")
        // 0 years old on election day is 2025; the day after election day in '26 would be -1 → 1926 (99).
        #expect(CalendarDay(typed: "14.09.25", twoDigitYear: birth)?.german == "14.09.2025")
        #expect(CalendarDay(typed: "15.09.25", twoDigitYear: birth)?.german == "15.09.1925")
        #expect(CalendarDay(typed: "15.09.26", twoDigitYear: birth)?.german == "15.09.1926")
        #expect(CalendarDay(typed: "10.01.09", twoDigitYear: birth)?.german == "10.01.2009")
        #expect(CalendarDay(typed: "29.02.00", twoDigitYear: birth)?.german == "29.02.2000")
        #expect(CalendarDay(typed: "01.05.25", twoDigitYear: .signing)?.german == "01.05.2025")
        for bad in ["31.02.1970", "310270", "1202198", "12.13.80", "12/03/1980", "12.03.", "1.3.1", "120319800", "12-03-1980"] {
            #expect(CalendarDay(typed: bad, twoDigitYear: birth) == nil, "\(bad)")
        }
    }

    @Test("Nominations as people type them: 12, Wahlbezirk 12, labels, short forms; the campaign's own list with ranges")
    func typedNominations() throws {
        let election = TestSupport.election
        for (text, code) in [
            ("12", "ward:12"), ("Wahlbezirk 12", "ward:12"), ("wahlbezirk:12", "ward:12"), ("WB12", "ward:12"), ("ward:12", "ward:12"),
            ("Reserveliste", "list"), ("liste", "list"), ("Oberbürgermeister/in", "mayor"), ("OB", "mayor"),
            ("Bezirksvertretung Nord", "district:Nord"), ("bv:süd", "district:Süd"), ("district:Mitte", "district:Mitte"),
        ] {
            #expect(election.nomination(parsing: text)?.description == code, "\(text)")
        }
        for bad in ["0", "Wahlbezirk", "Wahlbezirk 12x", "12a", "Bürgermeisterei", "bezirk", ""] {
            #expect(election.nomination(parsing: bad) == nil, "\(bad)")
        }
        #expect(try election.nominationList("ward:1-3, list,mayor").map(\.description) == ["ward:1", "ward:2", "ward:3", "list", "mayor"])
        #expect(try election.nominationList("5-6,Bezirksvertretung Nord").map(\.description) == ["ward:5", "ward:6", "district:Nord"])
        #expect(throws: SignatureKitError.self) { try election.nominationList("ward:1-40") }
        #expect(throws: SignatureKitError.self) { try election.nominationList("ward:3-1") }
        #expect(throws: SignatureKitError.self) { try election.nominationList("Nirgendwo") }
    }

    @Test("The campaign's own nominations: progress and entry know only those; others are refused with a German message")
    func campaignNominations() async throws {
        let election = TestSupport.election
        var db = try SignatureDatabase.inMemory(election: election)
        db = try db.setCampaignNominations(try election.nominationList("ward:1-10,list"))
        #expect(db.election.nominations.count == 11)
        let e = SheetEntry(backend: db, enteredBy: "aylin")
        #expect(
            try await e.check(field: "nomination", value: "12")
                == .problem("Wahlbezirk 12 gehört nicht zu den Wahlvorschlägen dieser Kampagne (sig-cli nominations)"))
        guard case .invalid = try await e.record(Self.values("F1", nomination: "12"), today: TestSupport.today) else {
            Issue.record("a foreign nomination was stored")
            return
        }
        #expect(try db.sheetCount() == 0)
        #expect(try await e.record(Self.values("F1", nomination: "10"), today: TestSupport.today).canCount)
        let report = try db.progressReport(ProgressSettings(asOf: TestSupport.today))
        #expect(report.nominations.map(\.id) == (1...10).map { "ward:\($0)" } + ["list"])
        db = try db.setCampaignNominations(nil)
        #expect(db.election.nominations.count == 36)
    }
}
