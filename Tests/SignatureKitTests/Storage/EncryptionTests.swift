import Crypto
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
        // One group: E3 is linked to the group's earliest member (E2 is E1's duplicate already).
        #expect(dups.map(\.kind) == [.possibleDuplicate])
        #expect(dups.map(\.otherSheet) == ["E1"])
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
        chmod(file, 0o600)
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

extension EncryptionTests {
    @Test("encrypt converts a plain database in place; rekey changes the passphrase; data, pairs and the audit chain survive")
    func convert() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("c.sqlite").path
        let plain = try SignatureDatabase.create(at: path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
        _ = try plain.record(TestSupport.sheet("C1", surname: "Zwirnmacher", street: "Quittenweg"), enteredBy: "t", today: TestSupport.today)
        _ = try plain.record(
            TestSupport.sheet("C2", surname: "Zwirnmacer", born: "03.12.1980", street: "Quittenweg"), enteredBy: "t", today: TestSupport.today)
        try plain.close()
        let cli = CLITests()
        let enc = try cli.run("sig-cli", ["encrypt", "--db", path], environment: ["SIG_NEW_PASSPHRASE": "erste Phrase"])
        #expect(enc.status == 0, "\(enc.err)")
        #expect(enc.out.contains("2 Formblätter verschlüsselt"))
        #expect(files(path).range(of: Data("Zwirnmacher".utf8)) == nil)
        #expect(files(path).range(of: Data("Quittenweg".utf8)) == nil)
        let opened = try SignatureDatabase.open(at: path, passphrase: "erste Phrase")
        #expect(try opened.personalData(of: ["C1"], purpose: .show).first?.surname == "Zwirnmacher")
        #expect(try opened.openReviewCases().count == 1)
        // A new sheet still finds its duplicate through the re-hashed keys.
        #expect(
            try opened.record(TestSupport.sheet("C3", surname: "ZWIRNMACHER", street: "Quittenweg"), enteredBy: "t", today: TestSupport.today)
                .duplicateOf == "C1")
        try opened.close()
        let rekey = try cli.run(
            "sig-cli", ["rekey", "--db", path], environment: ["SIG_PASSPHRASE": "erste Phrase", "SIG_NEW_PASSPHRASE": "zweite Phrase"])
        #expect(rekey.status == 0, "\(rekey.err)")
        #expect(throws: SignatureKitError.wrongPassphrase) { try SignatureDatabase.open(at: path, passphrase: "erste Phrase") }
        let again = try SignatureDatabase.open(at: path, passphrase: "zweite Phrase")
        #expect(try again.sheetCount() == 3)
        #expect(try again.verifyAudit() == .whole(entries: 6))
        #expect(try again.auditEntries().map(\.action) == ["entry", "entry", "encrypt", "read:show", "entry", "rekey"])
    }

    @Test("Refused before anything is written while another program reads the database: the old file is whole")
    func refusedWhileRead() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("r.sqlite").path
        let plain = try SignatureDatabase.create(at: path, election: TestSupport.election)
        _ = try plain.record(TestSupport.sheet("R1"), enteredBy: "t", today: TestSupport.today)
        let done = try PurgeTests().holdReader(path, seconds: 3)
        let r = try CLITests().run(
            "sig-cli", ["encrypt", "--db", path], environment: ["SIG_NEW_PASSPHRASE": "eine Phrase", "SIG_BUSY_TIMEOUT": "0.3"])
        done()
        #expect(r.status == 2)
        #expect(!SignatureDatabase.needsPassphrase(path))
        #expect(try SignatureDatabase.open(at: path).personalData(of: ["R1"], purpose: .show).first?.surname == "Müller")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".neu") }
        #expect(leftovers.isEmpty)
    }
}

extension EncryptionTests {
    @Test("Importing into an encrypted database writes no rejects file with names unless one is asked for")
    func noPlainRejects() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("e.sqlite").path
        let cli = CLITests()
        let env = ["SIG_PASSPHRASE": "eine lange Phrase"]
        #expect(try cli.run("sig-cli", ["init", "--db", path, "--encrypt"], environment: env).status == 0)
        let csv = TestSupport.write(TestSupport.header + "N1;ward:12;Zwirnmacher;Anna;31.02.1980;Quittenweg;1;47798;Krefeld;01.05.2025;A\n", in: dir)
        let r = try cli.run("sig-cli", ["import", "--db", path, csv], environment: env)
        #expect(r.status == 1)
        #expect(r.err.contains("mit --rejects DATEI ausdrücklich anfordern"))
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!written.contains { $0.hasSuffix(".rejects.csv") })
        for file in written where !file.hasSuffix(".csv") {
            let bytes = (try? Data(contentsOf: dir.appendingPathComponent(file))) ?? Data()
            #expect(bytes.range(of: Data("Zwirnmacher".utf8)) == nil, "\(file)")
        }
    }
}

extension EncryptionTests {
    @Test("The fast HMAC is HMAC-SHA256 (RFC 2104): it equals swift-crypto's for the same key")
    func hmac() throws {
        let master = SymmetricKey(data: Data(repeating: 7, count: 32))
        let cipher = FieldCipher(master: master)
        let macKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("sig-blocking".utf8), outputByteCount: 32)
        for message in ["", "mueller", "hauptstrasse|12a", String(repeating: "x", count: 200)] {
            let reference = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: macKey)
            #expect(Data(cipher.mac(Data(message.utf8))) == Data(reference))
        }
    }
}
