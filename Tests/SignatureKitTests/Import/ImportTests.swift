import Foundation
import Testing

@testable import SignatureKit

struct ImportTests {
    let good = """
        F000001;ward:12;Müller;Anna Maria;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin
        F000002;list;Schulz;Jan;1990-01-01;Ostwall;5;47798;Krefeld;2025-05-02;Bernd
        F000003;ward:12;Yılmaz;Ayşe;05.06.1985;Rheinstraße;7;47799;Krefeld;03.05.2025;Aylin

        """

    @Test("Imports a good file with German dates and ISO dates; a second import stores nothing twice")
    func idempotent() throws {
        let dir = TestSupport.tempDir()
        let path = TestSupport.write(TestSupport.header + good, in: dir)
        let db = try TestSupport.database()
        let first = try db.importSheets(from: path, enteredBy: "t", today: TestSupport.today)
        #expect(first.stored == 3)
        #expect(first.rejected.isEmpty)
        let second = try db.importSheets(from: path, enteredBy: "t", today: TestSupport.today)
        #expect(second.stored == 0)
        #expect(second.alreadyPresent == 3)
        #expect(try db.sheetCount() == 3)
    }

    @Test(
        "Nominations in several spellings, each again later in the file (the import reads a spelling once): the same ward each time; an unreadable one is refused each time"
    )
    func nominationSpellingsRepeated() throws {
        let dir = TestSupport.tempDir()
        let spellings = ["ward:12", "Wahlbezirk 12", "12", "ward:99", "Reserveliste", "ward:99", "12", "Wahlbezirk 12", "ward:12", "ward:3"]
        let rows = spellings.enumerated().map { i, nomination in
            "F00010\(i);\(nomination);Person\(i);Anna;\(10 + i).02.1970;Ostwall;\(i + 1);47798;Krefeld;01.05.2025;Aylin\n"
        }
        let path = TestSupport.write(TestSupport.header + rows.joined(), in: dir)
        let db = try TestSupport.database()
        let summary = try db.importSheets(from: path, enteredBy: "t", today: TestSupport.today)
        #expect(summary.stored == 8)
        #expect(summary.rejected.map(\.line) == [5, 7])
        #expect(summary.rejected.map(\.field) == ["Wahlvorschlag", "Wahlvorschlag"])
        let expected: [Int: NominationID] = [
            0: .ward(12), 1: .ward(12), 2: .ward(12), 4: .list, 6: .ward(12), 7: .ward(12), 8: .ward(12), 9: .ward(3),
        ]
        for (i, nomination) in expected { #expect(try db.sheetDetail("F00010\(i)").nomination == nomination, "Zeile \(i + 2)") }
    }

    @Test("German headers, commas and a BOM are accepted")
    func germanHeaders() throws {
        let dir = TestSupport.tempDir()
        let text =
            "Formblatt,Wahlvorschlag,Familienname,Vornamen,Geburtsdatum,Straße,Hausnummer,PLZ,Ort,Unterschrieben am,Sammler\n"
            + "F9,mayor,\"Meier, geb. Schulz\",Eva,01.02.1970,Ostwall,3,47798,Krefeld,01.05.2025,Kemal\n"
        let path = TestSupport.write(text, in: dir, bom: true)
        let db = try TestSupport.database()
        let s = try db.importSheets(from: path, enteredBy: "t", today: TestSupport.today)
        #expect(s.stored == 1)
        #expect(try db.personalData(of: ["F9"], purpose: .show).first?.surname == "Meier, geb. Schulz")
    }

    @Test("Bad rows are reported with line and field, written to a rejects file, and good rows are kept")
    func badRows() throws {
        let dir = TestSupport.tempDir()
        let text =
            TestSupport.header + good
            + "F000004;ward:99;Schulz;Jan;01.01.1990;Ostwall;5;47798;Krefeld;02.05.2025;Bernd\n"
            + "F000005;ward:3;Schulz;Jan;31.02.1990;Ostwall;5;47798;Krefeld;02.05.2025;Bernd\n"
            + "F000001;ward:12;Anders;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n"
        let path = TestSupport.write(text, in: dir)
        let rejects = dir.appendingPathComponent("r.csv").path
        let db = try TestSupport.database()
        let s = try db.importSheets(from: path, enteredBy: "t", today: TestSupport.today, rejectsPath: rejects)
        #expect(s.stored == 3)
        #expect(s.rejected.map(\.line) == [5, 6, 7])
        #expect(s.rejected.map(\.field) == ["Wahlvorschlag", "Geburtsdatum", "Formblatt"])
        let attrs = try FileManager.default.attributesOfItem(atPath: rejects)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        // The rejects file (with its error column) can be imported again once fixed.
        let fixed = try String(contentsOfFile: rejects, encoding: .utf8).replacingOccurrences(of: "ward:99", with: "ward:9")
            .replacingOccurrences(of: "31.02.1990", with: "28.02.1990").replacingOccurrences(
                of: "F000001;ward:12;Anders", with: "F000006;ward:12;Anders")
        let again = try db.importSheets(from: TestSupport.write(fixed, in: dir, name: "fixed.csv"), enteredBy: "t", today: TestSupport.today)
        #expect(again.stored == 3)
        #expect(again.rejected.isEmpty)
    }

    @Test("Unknown column, empty file and wrong encoding store nothing")
    func unreadable() throws {
        let dir = TestSupport.tempDir()
        let db = try TestSupport.database()
        let unknown = TestSupport.write("sheet;nomination;shoe\n1;list;42\n", in: dir, name: "a.csv")
        #expect(throws: SignatureKitError.unknownColumn(path: unknown, column: "shoe", expected: SheetParser.columns.map(\.0))) {
            try db.importSheets(from: unknown, enteredBy: "t")
        }
        let empty = TestSupport.write("", in: dir, name: "b.csv")
        #expect(throws: SignatureKitError.emptyFile(empty)) { try db.importSheets(from: empty, enteredBy: "t") }
        // Latin-1 "ü" (0xFC) in line 3: the whole import is rolled back.
        var data = Data((TestSupport.header + good.split(separator: "\n")[0] + "\n").utf8)
        data += Data("F000007;list;M".utf8) + Data([0xFC]) + Data("ller;Jan;01.01.1990;Ostwall;5;47798;Krefeld;02.05.2025;Bernd\n".utf8)
        let latin = dir.appendingPathComponent("c.csv").path
        FileManager.default.createFile(atPath: latin, contents: data)
        #expect(throws: SignatureKitError.notUTF8(path: latin, line: 3)) { try db.importSheets(from: latin, enteredBy: "t") }
        #expect(try db.sheetCount() == 0)
        #expect(throws: SignatureKitError.fileNotFound("/nonexistent.csv")) { try db.importSheets(from: "/nonexistent.csv", enteredBy: "t") }
    }

    @Test("Database files are owner-only and belong to one election")
    func databaseFile() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("s.sqlite").path
        _ = try SignatureDatabase.create(at: path, election: TestSupport.election)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        #expect(throws: SignatureKitError.databaseExists(path: path)) {
            try SignatureDatabase.create(at: path, election: TestSupport.election)
        }
        var other = TestSupport.election
        other.id = "krefeld-2030"
        let json = try JSONEncoder().encode(other)
        let otherPath = dir.appendingPathComponent("krefeld-2030.json").path
        FileManager.default.createFile(atPath: otherPath, contents: json)
        #expect(throws: SignatureKitError.databaseOfOtherElection(path: path, stored: "krefeld-2025", requested: "krefeld-2030")) {
            try SignatureDatabase.open(at: path, electionReference: otherPath)
        }
        let missing = dir.appendingPathComponent("missing.sqlite").path
        #expect(throws: SignatureKitError.databaseNotInitialized(path: missing)) { try SignatureDatabase.open(at: missing) }
    }

    @Test("The street directory places addresses in wards and turns warnings into errors where wrong")
    func streets() throws {
        let dir = TestSupport.tempDir()
        let db = try TestSupport.database()
        _ = try db.record(TestSupport.sheet("F1", street: "Hauptstr.", house: "12a"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(
            TestSupport.sheet("F2", surname: "Schulz", given: "Jan", street: "Hauptstraße", house: "13"), enteredBy: "t", today: TestSupport.today)
        let directory = TestSupport.write(
            "Straße;von;bis;Seite;Wahlbezirk;Stadtbezirk\nHauptstraße;1;99;gerade;12;Mitte\nHauptstraße;1;99;ungerade;13;Mitte\n", in: dir)
        #expect(try StreetDirectory.importFile(directory, into: db) == 2)
        #expect(try db.sheetDetail("F1").findings.isEmpty)
        #expect(try db.sheetDetail("F2").findings.map(\.code) == ["wrong-ward"])
        let bad = TestSupport.write("street;ward\nOstwall;77\n", in: dir, name: "bad.csv")
        #expect(
            throws: SignatureKitError.malformedRow(
                path: bad, problem: RowProblem(line: 2, field: "Wahlbezirk", reason: "„77“ ist kein Wahlbezirk dieser Wahl"))
        ) {
            try StreetDirectory.importFile(bad, into: db)
        }
        #expect(try db.sheetDetail("F1").findings.isEmpty)  // nothing lost
    }
}
