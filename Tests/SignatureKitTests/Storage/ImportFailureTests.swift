import Foundation
import GRDB
import Testing

@testable import SignatureKit

struct ImportFailureTests {
    @Test("When the database side fails mid-import, the import stops at once, stores nothing and the parsing thread ends")
    func databaseFailsMidway() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("fail.sqlite").path
        let db = try SignatureDatabase.create(at: path, election: TestSupport.election, meetingDate: TestSupport.day("2025-03-01"))
        _ = try db.record(TestSupport.sheet("KEEP1"), enteredBy: "t", today: TestSupport.today)
        // The database refuses sheet F000500: the 500th row of a 20,000-row file.
        try db.write {
            try $0.execute(
                sql: """
                    CREATE TRIGGER refuse BEFORE INSERT ON sheet WHEN NEW.sheetNumber = 'F000500'
                    BEGIN SELECT RAISE(ABORT, 'disk gone'); END
                    """)
        }
        let csv = dir.appendingPathComponent("big.csv").path
        try DemoData.writeCSV(path: csv, count: 20_000, seed: 7)
        let start = Date()
        #expect(throws: SignatureKitError.databaseFailure(path: path, code: 19)) {
            try db.importSheets(from: csv, enteredBy: "t", today: TestSupport.today, rejectsPath: dir.appendingPathComponent("r.csv").path)
        }
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(try db.sheetCount() == 1)  // all or nothing: the earlier sheet stays, none of the file
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.csv").path))
        // The database is usable at once (no transaction left open by the stopped thread).
        _ = try db.record(TestSupport.sheet("KEEP2", surname: "Schulz", given: "Jan", born: "01.01.1990"), enteredBy: "t", today: TestSupport.today)
        #expect(try db.sheetCount() == 2)
    }
}
