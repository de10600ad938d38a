import Foundation
import GRDB
import Testing

@testable import SignatureKit

struct MigrationTests {
    @Test("The schema has its tables and the unique sheet number; a database of a newer version is refused")
    func schema() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("m.sqlite").path
        let db = try SignatureDatabase.create(at: path, election: TestSupport.election)
        let tables = try db.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") }
        for t in ["finding", "meta", "nomination", "pair", "sheet", "statusEvent", "street"] { #expect(tables.contains(t)) }
        let unique = try db.read {
            try Bool.fetchOne($0, sql: "SELECT \"unique\" FROM pragma_index_list('sheet') WHERE name LIKE 'sqlite_autoindex%'")
        }
        #expect(unique == true)
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM nomination") } == 36)
        try db.read { _ in }  // still readable
        _ = try SignatureDatabase.open(at: path)
        // Pretend a newer program added a migration.
        let raw = try DatabaseQueue(path: path)
        try raw.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-future')") }
        try raw.close()
        #expect(throws: SignatureKitError.databaseFromNewerVersion(path: path)) { try SignatureDatabase.open(at: path) }
    }
}
