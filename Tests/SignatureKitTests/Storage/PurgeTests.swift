import Foundation
import GRDB
import Testing

@testable import SignatureKit

struct PurgeTests {
    @Test("After the election personal data can be deleted; counts and statuses stay, new entries are refused")
    func purge() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("p.sqlite").path
        let db = try SignatureDatabase.create(at: path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
        _ = try db.record(TestSupport.sheet("P1"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("P2", surname: "MUELLER"), enteredBy: "t", today: TestSupport.today)
        try db.setStatus([.init(sheet: "P1", status: .certified)], by: "t")
        // The run-off on 28.09.2025 postpones the objection period: one month after it, from the day after.
        #expect(TestSupport.election.purgeAllowedFrom.german == "29.10.2025")
        #expect(TestSupport.election.purgeRule.reason == "Einspruchsfrist nach der Stichwahl (Bekanntmachung 28.09.2025)")
        #expect(
            throws: SignatureKitError.purgeTooEarly(
                allowedFrom: TestSupport.day("2025-10-29"), reason: "Einspruchsfrist nach der Stichwahl (Bekanntmachung 28.09.2025)")
        ) {
            try db.purgePersonalData(today: TestSupport.day("2025-10-28"))
        }
        let before = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01"))).nominations.first { $0.id == "ward:12" }
        let summary = try db.purgePersonalData(today: TestSupport.day("2025-11-01"))
        #expect(summary.sheets == 2)
        let signer = try #require(try db.personalData(of: ["P1"], purpose: .show).first)
        #expect(signer.surname.isEmpty && signer.givenNames.isEmpty && signer.birthDate == nil && signer.street.isEmpty)
        #expect(try db.sheetDetail("P1").status == .certified)
        let after = try db.progressReport(ProgressSettings(asOf: TestSupport.day("2025-06-01"))).nominations.first { $0.id == "ward:12" }
        #expect(after == before)
        #expect(try db.purgedOn() == TestSupport.day("2025-11-01"))
        #expect(try db.duplicatePass().sheets == 0)
        #expect(throws: SignatureKitError.purged(path: path)) {
            try db.record(TestSupport.sheet("P3"), enteredBy: "t", today: TestSupport.today)
        }
        // The names are gone from the file itself, not only from the rows.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.range(of: Data("Müller".utf8)) == nil)
        #expect(bytes.range(of: Data("MUELLER".utf8)) == nil)
    }
}

extension PurgeTests {
    /// Holds a read transaction on `path` for `seconds` in the background; returns a function that waits for its end.
    func holdReader(_ path: String, seconds: Double) throws -> () -> Void {
        let reader = try DatabaseQueue(path: path)
        let started = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? reader.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sheet")
                started.signal()
                Thread.sleep(forTimeInterval: seconds)
            }
            finished.signal()
        }
        started.wait()
        return { finished.wait() }
    }

    @Test("With another reader open purge refuses before changing anything; rerun later, it deletes and rewrites")
    func blockedByReader() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("p.sqlite").path
        let db = try SignatureDatabase.create(at: path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
        _ = try db.record(TestSupport.sheet("P1"), enteredBy: "t", today: TestSupport.today)
        let cli = CLITests()
        let done = try holdReader(path, seconds: 3)
        let blocked = try cli.run("sig-cli", ["purge", "--db", path, "--confirm", "--force"], environment: ["SIG_BUSY_TIMEOUT": "0.3"])
        done()
        #expect(blocked.status == 2)
        #expect(blocked.err.contains("Ein anderes Programm"))
        #expect(blocked.err.contains("Nichts geändert"))
        #expect(try db.purgedOn() == nil)
        #expect(try db.personalData(of: ["P1"], purpose: .show).first?.surname == "Müller")
        let ok = try cli.run("sig-cli", ["purge", "--db", path, "--confirm", "--force"])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(try db.personalData(of: ["P1"], purpose: .show).first?.surname == "")
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data()
            #expect(bytes.range(of: Data("Müller".utf8)) == nil, "\(suffix)")
        }
    }

    @Test("A purge interrupted after deleting finishes the rewrite when run again; review decisions are refused after it")
    func resumesAndFreezes() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("p.sqlite").path
        let db = try SignatureDatabase.create(at: path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
        _ = try db.record(TestSupport.sheet("P1"), enteredBy: "t", today: TestSupport.today)
        _ = try db.record(TestSupport.sheet("P2", born: "03.12.1980"), enteredBy: "t", today: TestSupport.today)
        let pair = try #require(try db.openReviewCases().first)
        // The state a purge leaves when it is stopped right after its transaction: data gone, file not rewritten.
        try db.write { d in
            try d.execute(sql: "UPDATE sheet SET surname = '', givenNames = '', street = ''")
            try d.execute(sql: "INSERT INTO meta(key, value) VALUES ('purgedOn', '2025-11-01'), ('purgePending', '2025-11-01')")
        }
        #expect(try db.purgeState().pending)
        let cli = CLITests()
        let again = try cli.run("sig-cli", ["purge", "--db", path])
        #expect(again.status == 0, "\(again.err)")
        #expect(again.out.contains("Personendaten von 2 Formblättern gelöscht; Datei neu geschrieben."))
        #expect(try db.purgeState() == (TestSupport.day("2025-11-01"), false))
        #expect(try cli.run("sig-cli", ["purge", "--db", path, "--confirm"]).out.contains("bereits am 01.11.2025 gelöscht"))
        #expect(throws: SignatureKitError.purged(path: path)) { try db.decide(pair: pair.id, .confirmed, by: "t") }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.range(of: Data("Müller".utf8)) == nil)
    }

    @Test("Purge names the files with names the tool wrote that still exist")
    func namesOutputs() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("p.sqlite").path
        let cli = CLITests()
        #expect(try cli.run("sig-cli", ["init", "--db", path, "--meeting-date", "01.03.2025"]).status == 0)
        let csv = TestSupport.write(
            TestSupport.header + "O1;ward:12;Müller;Anna;12.03.1980;Hauptstraße;12a;47798;Krefeld;01.05.2025;Aylin\n"
                + "O2;ward:12;Schulz;Jan;31.02.1990;Ostwall;5;47798;Krefeld;02.05.2025;Bernd\n", in: dir)
        _ = try cli.run("sig-cli", ["import", "--db", path, csv])
        _ = try cli.run("sig-cli", ["status", "--db", path, "certified", "O1"])
        let list = dir.appendingPathComponent("liste.csv").path
        _ = try cli.run("sig-report", ["submission", "--db", path, "--format", "csv", "--output", list, "--include-names"])
        _ = try cli.run("sig-report", ["submission", "--db", path, "--format", "csv", "--output", dir.appendingPathComponent("ohne.csv").path])
        let r = try cli.run("sig-cli", ["purge", "--db", path, "--confirm", "--force"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("\(dir.appendingPathComponent("input.rejects.csv").standardizedFileURL.path) (Ablehnungsdatei)"))
        #expect(r.out.contains("\(URL(fileURLWithPath: list).standardizedFileURL.path) (Einreichungsliste mit Namen)"))
        #expect(!r.out.contains("ohne.csv"))
    }
}
