import Foundation
import Testing

@testable import SignatureKit

/// Organizers' corrections of any sheet (issue 16, part 1): in place, with a reason, re-checked at once, audited,
/// and only with a second confirmation once the election office has seen the sheet.
struct CorrectionTests {
    typealias T = TestSupport

    @Test("A keying error corrected by an organizer: same number, status and history; rules run again; audited with who and why")
    func correctsInPlace() async throws {
        let db = try T.database()
        _ = try await db.record(T.sheet("F000010", born: "12.03.2011"), enteredBy: "aylin", today: T.today)
        #expect(try db.sheetDetail("F000010").canCount == false)  // under age as typed
        try db.setStatus([StatusChange(sheet: "F000010", status: .sent)], by: "orga")
        let entry = SheetEntry(backend: db, enteredBy: "orga")
        let result = try await entry.amend("F000010", changes: ["born": "12.03.1981"], reason: "Tippfehler beim Geburtsjahr", today: T.today)
        guard case .done(.amended(_, let fields, let findings, _), let verdict) = result else {
            Issue.record("not amended: \(result)")
            return
        }
        #expect(fields == ["born"])
        #expect(!findings.contains { $0.severity == .error })
        #expect(verdict.counts && verdict.state == .corrected)
        let d = try db.sheetDetail("F000010")
        #expect(d.status == .sent && d.enteredBy == "aylin" && d.history.count == 1)
        #expect(d.canCount)
        #expect(d.corrections.map(\.reason) == ["Tippfehler beim Geburtsjahr"])
        #expect(d.corrections.first?.by == "orga" && d.corrections.first?.afterCertification == false)
        let audit = try db.auditEntries().last
        #expect(audit?.action == "correction:organizer" && audit?.user == "orga" && audit?.sheets == ["F000010"])
        #expect(try db.personalData(of: ["F000010"], purpose: .show, by: "test").first?.birthDate == T.day("12.03.1981"))
    }

    @Test("Without a reason, with a malformed field or a changed number: refused, nothing changed")
    func refusals() async throws {
        let db = try T.database()
        _ = try await db.record(T.sheet("F000010"), enteredBy: "aylin", today: T.today)
        let entry = SheetEntry(backend: db, enteredBy: "orga")
        for reason in ["", "  ", "ab"] {
            await #expect(throws: SignatureKitError.self) { try await entry.amend("F000010", changes: ["house_number": "14"], reason: reason) }
        }
        guard case .invalid(let p) = try await entry.amend("F000010", changes: ["born": "31.02.1980"], reason: "Tippfehler") else {
            Issue.record("a bad date was accepted")
            return
        }
        #expect(p.items.first?.field == "Geburtsdatum")
        guard case .invalid = try await entry.amend("F000010", changes: ["sheet": "F000011", "house_number": "14"], reason: "Tippfehler") else {
            Issue.record("the number changed")
            return
        }
        #expect(try db.personalData(of: ["F000010"], purpose: .show, by: "test").first?.houseNumber == "12a")
        #expect(try db.sheetDetail("F000010").corrections.isEmpty)
        guard case .done(.unchanged, _) = try await entry.amend("F000010", changes: ["house_number": "12a"], reason: "nochmal geprüft") else {
            Issue.record("the same values were recorded as a change")
            return
        }
    }

    @Test(
        "A certified or submitted sheet is corrected only with a second confirmation, and then carries a visible note",
        arguments: [SheetStatus.certified, .submitted])
    func afterCertification(status: SheetStatus) async throws {
        let db = try T.database()
        _ = try await db.record(T.sheet("F000010"), enteredBy: "aylin", today: T.today)
        try db.setStatus([StatusChange(sheet: "F000010", status: .sent)], by: "orga")
        try db.setStatus([StatusChange(sheet: "F000010", status: .certified)], by: "orga")
        if status == .submitted { try db.setStatus([StatusChange(sheet: "F000010", status: .submitted)], by: "vorstand") }
        let entry = SheetEntry(backend: db, enteredBy: "orga")
        await #expect(
            throws: SignatureKitError.invalidField(
                field: "confirm",
                reason: "F000010 ist schon \(status.germanName): das Wahlamt kennt die alten Angaben. Die Korrektur bitte ausdrücklich bestätigen")
        ) {
            try await entry.amend("F000010", changes: ["house_number": "14"], reason: "Rückmeldung des Wahlamts")
        }
        #expect(try db.sheetDetail("F000010").corrections.isEmpty)
        guard
            case .done(_, let verdict) = try await entry.amend(
                "F000010", changes: ["house_number": "14"], reason: "Rückmeldung des Wahlamts", confirmed: true)
        else {
            Issue.record("not corrected with confirmation")
            return
        }
        let d = try db.sheetDetail("F000010")
        #expect(d.status == status)
        #expect(d.corrections.first?.afterCertification == true)
        #expect(verdict.items.contains { $0.code == "corrected-after-certification" && $0.message.contains("nach der Bescheinigung") })
        #expect(d.germanLines().contains { $0.hasPrefix("Achtung: Korrigiert am") && $0.contains("(Hausnummer): Rückmeldung des Wahlamts") })
    }

    @Test("A corrected name finds the person's other sheet at once; the wrong link of the old name goes")
    func pairsAgain() async throws {
        let db = try T.database()
        _ = try await db.record(T.sheet("F000001", surname: "Müller"), enteredBy: "aylin", today: T.today)
        _ = try await db.record(T.sheet("F000002", surname: "Müller"), enteredBy: "aylin", today: T.today)  // same person: duplicate of F000001
        _ = try await db.record(
            T.sheet("F000003", surname: "Schulze", given: "Petra", born: "01.01.1970", street: "Ostwall", house: "3"), enteredBy: "bernd",
            today: T.today)
        #expect(try db.sheetDetail("F000002").duplicateOf == "F000001")
        // F000001 was in truth Schulze's sheet: corrected, F000002 counts on its own, and as F000001 is the earlier
        // sheet, F000003 becomes the duplicate.
        let entry = SheetEntry(backend: db, enteredBy: "orga")
        _ = try await entry.amend(
            "F000001", changes: ["surname": "Schulze", "given_names": "Petra", "born": "01.01.1970", "street": "Ostwall", "house_number": "3"],
            reason: "Zeile vertauscht")
        #expect(try db.sheetDetail("F000002").duplicateOf == nil)
        #expect(try db.sheetDetail("F000002").canCount)
        #expect(try db.sheetDetail("F000003").duplicateOf == "F000001")
        #expect(try db.sheetDetail("F000001").pairs.map(\.otherSheet) == ["F000003"])
        let ward = try db.progressReport(ProgressSettings(asOf: T.today)).nominations.first { $0.id == "ward:12" }
        #expect(ward?.pending == 2 && ward?.duplicates == 1)
    }

    @Test("Only the signing date changed: the pairs and decisions stay")
    func datesKeepPairs() async throws {
        let db = try T.database()
        _ = try await db.record(T.sheet("F000001"), enteredBy: "aylin", today: T.today)
        _ = try await db.record(T.sheet("F000002"), enteredBy: "aylin", today: T.today)
        _ = try await SheetEntry(backend: db, enteredBy: "orga").amend("F000002", changes: ["signed_on": "02.05.2025"], reason: "Datum laut Papier")
        #expect(try db.sheetDetail("F000002").duplicateOf == "F000001")
        #expect(try db.sheetDetail("F000002").signedOn == T.day("02.05.2025"))
    }

    @Test("Encrypted: a corrected sheet is sealed again and found by the keyed hashes")
    func encrypted() async throws {
        let dir = T.tempDir()
        let path = dir.appendingPathComponent("s.sqlite").path
        let db = try SignatureDatabase.create(at: path, election: T.election, meetingDate: T.day("2025-03-01"), passphrase: "lange geheime Phrase")
        _ = try await db.record(T.sheet("F000001", surname: "Maier"), enteredBy: "aylin", today: T.today)
        _ = try await db.record(T.sheet("F000002", surname: "Schmitz"), enteredBy: "aylin", today: T.today)
        _ = try await SheetEntry(backend: db, enteredBy: "orga").amend("F000002", changes: ["surname": "Maier"], reason: "Tippfehler im Namen")
        #expect(try db.sheetDetail("F000002").duplicateOf == "F000001")
        let raw = try String(contentsOfFile: path, encoding: .isoLatin1)
        #expect(!raw.contains("Schmitz") && !raw.contains("Maier"))
    }
}

extension CorrectionTests {
    @Test("sig-cli edit: the fields given change with --reason; without it exit 64, a certified sheet needs --confirm (exit 2 naming it)")
    func cli() throws {
        let cli = CLITests()
        let dir = T.tempDir()
        let db = dir.appendingPathComponent("k.sqlite").path
        #expect(try cli.run("sig-cli", ["init", "--db", db, "--meeting-date", "01.03.2025"]).status == 0)
        let add = [
            "add", "--db", db, "--sheet", "F000010", "--nomination", "12", "--surname", "Meier", "--given-names", "Anna", "--born", "12.03.1980",
            "--street", "Hauptstraße", "--house-number", "12", "--postal-code", "47798", "--city", "Krefeld", "--signed-on", "01.05.2025",
        ]
        #expect(try cli.run("sig-cli", add).status == 0)
        #expect(try cli.run("sig-cli", ["edit", "--db", db, "F000010", "--house-number", "14"]).status == 64)
        let edited = try cli.run("sig-cli", ["edit", "--db", db, "F000010", "--house-number", "14", "--reason", "Tippfehler"])
        #expect(edited.status == 0)
        #expect(edited.out.contains("F000010: korrigiert – kann zählen. Geändert: Hausnummer."))
        #expect(!edited.out.contains("Meier"))
        #expect(try cli.run("sig-cli", ["status", "--db", db, "bescheinigt", "F000010"]).status == 0)
        let refused = try cli.run("sig-cli", ["edit", "--db", db, "F000010", "--surname", "Maier", "--reason", "Wahlamt"])
        #expect(refused.status == 2)
        #expect(refused.err.contains("„--confirm“") && refused.err.contains("schon bescheinigt"))
        let confirmed = try cli.run("sig-cli", ["edit", "--db", db, "F000010", "--surname", "Maier", "--reason", "Wahlamt", "--confirm"])
        #expect(confirmed.status == 0)
        let shown = try cli.run("sig-cli", ["show", "--db", db, "F000010"])
        #expect(shown.out.contains("Achtung: Korrigiert am") && shown.out.contains("(Familienname): Wahlamt"))
    }
}
