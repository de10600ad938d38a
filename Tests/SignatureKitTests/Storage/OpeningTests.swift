import Foundation
import GRDB
import Testing

@testable import SignatureKit

/// Nothing is written to a file that is not a SignatureKit database; every failure names its cause.
struct OpeningTests {
    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test("A foreign SQLite database is neither opened nor initialised; its bytes stay the same and no -wal appears")
    func foreignSQLite() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT)") }
        let before = try bytes(path)
        #expect(throws: SignatureKitError.foreignFile(path: path)) { try SignatureDatabase.open(at: path) }
        #expect(throws: SignatureKitError.foreignFile(path: path)) {
            try SignatureDatabase.create(at: path, election: TestSupport.election)
        }
        #expect(try bytes(path) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let tables = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master") }
        #expect(tables == ["photos"])
    }

    @Test("A text file is foreign; a folder is named as a folder; a missing file asks for init")
    func otherFiles() throws {
        let dir = TestSupport.tempDir()
        let text = TestSupport.write("sheet;nomination\n", in: dir, name: "notes.sqlite")
        #expect(throws: SignatureKitError.foreignFile(path: text)) { try SignatureDatabase.open(at: text) }
        #expect(throws: SignatureKitError.foreignFile(path: text)) { try SignatureDatabase.create(at: text, election: TestSupport.election) }
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "sheet;nomination\n")
        #expect(throws: SignatureKitError.ioFailure(path: dir.path, reason: "ist ein Ordner, keine Datenbankdatei.")) {
            try SignatureDatabase.open(at: dir.path)
        }
        let missing = dir.appendingPathComponent("none.sqlite").path
        #expect(throws: SignatureKitError.databaseNotInitialized(path: missing)) { try SignatureDatabase.open(at: missing) }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test("init into an empty 0644 file makes it 0600; opening an empty file creates nothing in it")
    func emptyFile() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("x.sqlite").path
        FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644])
        #expect(throws: SignatureKitError.databaseNotInitialized(path: path)) { try SignatureDatabase.open(at: path) }
        #expect(try bytes(path).isEmpty)
        _ = try SignatureDatabase.create(at: path, election: TestSupport.election)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(throws: SignatureKitError.databaseExists(path: path)) { try SignatureDatabase.create(at: path, election: TestSupport.election) }
    }

    @Test("The election id stored in the file is never used as a path")
    func storedElectionIsNoPath() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("e.sqlite").path
        _ = try SignatureDatabase.create(at: path, election: TestSupport.election)
        let evil = TestSupport.write(
            try String(contentsOfFile: TestSupport.root.appendingPathComponent("districts/elections/krefeld-2025.json").path, encoding: .utf8),
            in: dir, name: "evil.json")
        try DatabaseQueue(path: path).write { try $0.execute(sql: "UPDATE meta SET value = ? WHERE key = 'election'", arguments: [evil]) }
        #expect(throws: SignatureKitError.electionNotBundled(evil)) { try SignatureDatabase.open(at: path) }
    }

    @Test("Another writer holding the database longer than the wait: a German message that says so, not 'init'")
    func busy() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("b.sqlite").path
        _ = try SignatureDatabase.create(at: path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
        // Another program holds the write lock for three seconds.
        let holder = try DatabaseQueue(path: path)
        let started = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? holder.inTransaction(.immediate) { _ in
                started.signal()
                Thread.sleep(forTimeInterval: 3)
                return .rollback
            }
            finished.signal()
        }
        started.wait()
        defer { finished.wait() }
        let r = try CLITests().run(
            "sig-cli",
            [
                "add", "--db", path, "--sheet", "B1", "--nomination", "list", "--surname", "A", "--given-names", "B", "--born", "01.01.1970",
                "--street", "X", "--house-number", "1", "--postal-code", "47798", "--city", "Krefeld", "--signed-on", "02.05.2025",
                "--collector", "C",
            ], environment: ["SIG_BUSY_TIMEOUT": "0.3"])
        #expect(r.status == 2)
        #expect(r.err.contains("wird gerade von einem anderen Programm benutzt"))
        #expect(!r.err.contains("init"))
    }
}
