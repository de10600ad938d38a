import Foundation
import Testing

@testable import SignatureKit

struct AccountTests {
    @Test("Accounts: scrypt hash only, login checks name and password, a new password or removal ends sessions, all recorded")
    func accounts() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("a.sqlite").path
        let db = try SignatureDatabase.create(at: path, election: TestSupport.election)
        try db.addAccount("aylin", role: .volunteer, password: "Sonnenblume-42", by: "admin")
        #expect(throws: SignatureKitError.self) { try db.addAccount("aylin", role: .board, password: "noch-ein-Passwort") }
        #expect(throws: SignatureKitError.invalidField(field: "Passwort", reason: "mindestens 10 Zeichen")) {
            try db.addAccount("bernd", role: .organizer, password: "kurz")
        }
        #expect(try db.accounts().map(\.role) == [.volunteer])
        #expect(try db.verifyLogin("aylin", password: "Sonnenblume-42")?.role == .volunteer)
        #expect(try db.verifyLogin("aylin", password: "sonnenblume-42") == nil)
        #expect(try db.verifyLogin("niemand", password: "Sonnenblume-42") == nil)
        let epoch = try #require(try db.accounts().first?.sessionEpoch)
        try db.setPassword("aylin", password: "Tulpe-und-Rose", by: "admin")
        #expect(try db.accounts().first?.sessionEpoch == epoch + 1)
        #expect(try db.verifyLogin("aylin", password: "Sonnenblume-42") == nil)
        try db.removeAccount("aylin", by: "admin")
        #expect(try db.accounts().isEmpty)
        #expect(throws: SignatureKitError.accountNotFound("aylin")) { try db.removeAccount("aylin") }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path)) + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("Sonnenblume".utf8)) == nil && bytes.range(of: Data("Tulpe".utf8)) == nil)
        #expect(try db.auditEntries().map(\.action) == ["account:add:aylin:volunteer", "account:password:aylin", "account:remove:aylin"])
    }

    @Test("sig-cli user add/list/passwd/remove with the password on standard input")
    func cli() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("u.sqlite").path
        let cli = CLITests()
        _ = try cli.run("sig-cli", ["init", "--db", path])
        let add = try cli.run(
            "sig-cli", ["user", "add", "chiara", "--role", "board", "--db", path, "--password-stdin"], stdin: "Ein-gutes-Passwort\n")
        #expect(add.status == 0, "\(add.err)")
        #expect(add.out.contains("Konto chiara (Vorstand) angelegt."))
        #expect(try cli.run("sig-cli", ["user", "list", "--db", path]).out.contains("chiara  board (Vorstand)"))
        let bad = try cli.run("sig-cli", ["user", "add", "x", "--role", "king", "--db", path, "--password-stdin"], stdin: "Ein-gutes-Passwort\n")
        #expect(bad.status != 0)
        #expect(try cli.run("sig-cli", ["user", "passwd", "chiara", "--db", path, "--password-stdin"], stdin: "Ein-neues-Passwort\n").status == 0)
        #expect(try SignatureDatabase.open(at: path).verifyLogin("chiara", password: "Ein-neues-Passwort") != nil)
        #expect(try cli.run("sig-cli", ["user", "remove", "chiara", "--db", path]).out.contains("Konto chiara entfernt."))
    }
}
