import Foundation
import GRDB
import Testing

@testable import SignatureKit

struct EncryptionTests {
    func files(_ path: String) -> Data {
        ["", "-wal", "-shm"].reduce(into: Data()) { all, suffix in all += (try? Data(contentsOf: URL(fileURLWithPath: path + suffix))) ?? Data() }
    }

    @Test("An encrypted database holds no name, birth date or address, in the file, -wal or -shm; everything still works")
    func atRest() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("e.sqlite").path
        let db = try SignatureDatabase.create(
            at: path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"), passphrase: "lange geheime Phrase")
        #expect(db.isEncrypted)
        let first = try db.record(
            TestSupport.sheet("E1", surname: "Zwirnmacher", given: "Adelgunde", street: "Quittenweg"), enteredBy: "t", today: TestSupport.today)
        #expect(first.canCount)
        let again = try db.record(
            TestSupport.sheet("E2", surname: "ZWIRNMACHER", given: "adelgunde", street: "Quittenweg"), enteredBy: "t", today: TestSupport.today)
        #expect(again.duplicateOf == "E1")
        let variant = try db.record(
            TestSupport.sheet("E3", surname: "Zwirnmacer", given: "Adelgunde", born: "03.12.1980", street: "Quittenweg"), enteredBy: "t",
            today: TestSupport.today)
        guard case .stored(_, _, let dups) = variant else { throw SignatureKitError.wrongPassphrase }
        #expect(dups.map(\.kind) == [.possibleDuplicate, .possibleDuplicate])
        #expect(
            try db.record(
                TestSupport.sheet("E1", surname: "Zwirnmacher", given: "Adelgunde", street: "Quittenweg"), enteredBy: "t", today: TestSupport.today)
                == .alreadyPresent(sheet: "E1"))
        #expect(try db.duplicatePass().newPairs == 0)
        try db.setMeetingDate(TestSupport.day("2025-03-02"), for: [.ward(12)])
        #expect(try db.sheetDetail("E1").findings.allSatisfy { $0.severity == .warning })
        #expect(try db.personalData(of: ["E1"], purpose: .show).first?.fullName == "Zwirnmacher, Adelgunde")
        let holder = try DatabaseQueue(path: path)  // keep -wal and -shm on disk while looking
        try holder.read { _ = try Int.fetchOne($0, sql: "SELECT count(*) FROM meta") }
        let bytes = files(path)
        for secret in ["Zwirnmacher", "ZWIRNMACHER", "zwirnmacher", "Adelgunde", "adelgunde", "Quittenweg", "quittenweg", "1980-03-12", "19800312"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found")
        }
    }

    @Test("No passphrase or a wrong one: a German error, nothing read or changed")
    func passphrases() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("p.sqlite").path
        let db = try SignatureDatabase.create(at: path, election: TestSupport.election, passphrase: "richtig richtig")
        _ = try db.record(TestSupport.sheet("P1"), enteredBy: "t", today: TestSupport.today)
        #expect(SignatureDatabase.needsPassphrase(path))
        #expect(throws: SignatureKitError.passphraseMissing(path: path)) { try SignatureDatabase.open(at: path) }
        #expect(throws: SignatureKitError.wrongPassphrase) { try SignatureDatabase.open(at: path, passphrase: "falsch falsch") }
        #expect(try SignatureDatabase.open(at: path, passphrase: "richtig richtig").sheetCount() == 1)
        let cli = CLITests()
        let missing = try cli.run("sig-cli", ["list", "--db", path])
        #expect(missing.status == 2)
        #expect(missing.err.contains("ist verschlüsselt: Passphrase fehlt"))
        let wrong = try cli.run("sig-cli", ["list", "--db", path], environment: ["SIG_PASSPHRASE": "falsch falsch"])
        #expect(wrong.status == 2 && wrong.err.contains("Die Passphrase ist falsch"))
        let named = try cli.run("sig-cli", ["list", "--db", path, "--names"], environment: ["SIG_PASSPHRASE": "richtig richtig"])
        #expect(named.status == 0 && named.out.contains("Müller, Anna Maria"))
        let file = TestSupport.write("richtig richtig\n", in: dir, name: "pass.txt")
        #expect(try cli.run("sig-report", ["progress", "--db", path, "--passphrase-file", file, "--format", "json"]).status == 0)
    }

    @Test("Duplicate quality is the same encrypted: the truth file gives the same pairs")
    func quality() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("truth.csv").path
        let count = try DemoData.writeRecallCSV(path: path, count: 400, seed: 91)
        let plain = try TestSupport.database()
        let sealed = try SignatureDatabase.inMemory(
            election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"), passphrase: "eine Passphrase")
        for db in [plain, sealed] { _ = try db.importSheets(from: path, enteredBy: "t", today: TestSupport.today) }
        let a = DemoData.recall(findings: try plain.findings(), count: count)
        let b = DemoData.recall(findings: try sealed.findings(), count: count)
        #expect(a.missed == b.missed && a.falsePairs == b.falsePairs)
        #expect(try sealed.duplicatePass().newPairs == 0)
        #expect(try sealed.findings().map(\.sheets) == (try plain.findings().map(\.sheets)))
    }
}
