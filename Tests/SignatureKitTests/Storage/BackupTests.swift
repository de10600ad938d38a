import Foundation
import Testing

@testable import SignatureKit

struct BackupTests {
    @Test("Backup while the database is in use, restore into a new file: same sheets, audit whole; the file is sealed and 0600")
    func roundTrip() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("b.sqlite").path
        let cli = CLITests()
        _ = try cli.run("sig-cli", ["init", "--db", path, "--meeting-date", "01.03.2025"])
        let csv = TestSupport.write(
            TestSupport.header + "B1;ward:12;Zwirnmacher;Anna;12.03.1980;Quittenweg;12a;47798;Krefeld;01.05.2025;Aylin\n", in: dir)
        _ = try cli.run("sig-cli", ["import", "--db", path, csv])
        let backup = dir.appendingPathComponent("sicherung.sigbak").path
        let done = try PurgeTests().holdReader(path, seconds: 1)  // someone keeps reading meanwhile
        let made = try cli.run("sig-cli", ["backup", "--db", path, "--to", backup], environment: ["SIG_PASSPHRASE": "Sicherungs-Phrase"])
        done()
        #expect(made.status == 0, "\(made.err)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
        #expect(bytes.range(of: Data("Zwirnmacher".utf8)) == nil && bytes.range(of: Data("Quittenweg".utf8)) == nil)
        #expect((try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int) == 0o600)
        let restored = dir.appendingPathComponent("neu.sqlite").path
        let r = try cli.run("sig-cli", ["restore", "--from", backup, "--db", restored], environment: ["SIG_PASSPHRASE": "Sicherungs-Phrase"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("1 Formblätter"))
        let db = try SignatureDatabase.open(at: restored)
        #expect(try db.personalData(of: ["B1"], purpose: .show).first?.surname == "Zwirnmacher")
        #expect(try db.verifyAudit() == .whole(entries: 2))  // import (in the image), then read:show here
        // purge names the backup it knows of.
        let purge = try cli.run("sig-cli", ["purge", "--db", path, "--confirm", "--force"])
        #expect(purge.out.contains("(Sicherung (verschlüsselt))"))
    }

    @Test("A wrong passphrase, a damaged or a truncated backup, or an existing target: exit 2, nothing written")
    func refused() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("b.sqlite").path
        let db = try SignatureDatabase.create(at: path, election: TestSupport.election)
        _ = try db.record(TestSupport.sheet("B1"), enteredBy: "t", today: TestSupport.today)
        let backup = dir.appendingPathComponent("s.sigbak").path
        try db.backup(to: backup, passphrase: "richtige Phrase")
        let target = dir.appendingPathComponent("neu.sqlite").path
        #expect(throws: SignatureKitError.self) { try SignatureDatabase.restore(from: backup, to: target, passphrase: "falsche Phrase") }
        #expect(!FileManager.default.fileExists(atPath: target))
        var data = try Data(contentsOf: URL(fileURLWithPath: backup))
        let truncated = dir.appendingPathComponent("kurz.sigbak").path
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: truncated))
        #expect(throws: SignatureKitError.self) { try SignatureDatabase.restore(from: truncated, to: target, passphrase: "richtige Phrase") }
        data[data.count - 40] ^= 0xFF
        let damaged = dir.appendingPathComponent("kaputt.sigbak").path
        try data.write(to: URL(fileURLWithPath: damaged))
        #expect(throws: SignatureKitError.self) { try SignatureDatabase.restore(from: damaged, to: target, passphrase: "richtige Phrase") }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(throws: SignatureKitError.self) { try SignatureDatabase.restore(from: backup, to: path, passphrase: "richtige Phrase") }
        #expect(try SignatureDatabase.restore(from: backup, to: target, passphrase: "richtige Phrase") == 1)
        let r = try CLITests().run(
            "sig-cli", ["restore", "--from", damaged, "--db", dir.appendingPathComponent("x.sqlite").path],
            environment: ["SIG_PASSPHRASE": "richtige Phrase"])
        #expect(r.status == 2 && r.err.contains("keine lesbare Sicherung"))
    }

    @Test("An encrypted database's backup restores encrypted, opened with the same passphrase")
    func encrypted() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("e.sqlite").path
        let db = try SignatureDatabase.create(at: path, election: TestSupport.election, passphrase: "geheime Phrase")
        _ = try db.record(TestSupport.sheet("E1"), enteredBy: "t", today: TestSupport.today)
        let backup = dir.appendingPathComponent("e.sigbak").path
        try db.backup(to: backup, passphrase: "geheime Phrase")
        let target = dir.appendingPathComponent("neu.sqlite").path
        #expect(try SignatureDatabase.restore(from: backup, to: target, passphrase: "geheime Phrase") == 1)
        #expect(SignatureDatabase.needsPassphrase(target))
    }
}
