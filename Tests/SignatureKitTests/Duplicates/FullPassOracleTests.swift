import Foundation
import GRDB
import Testing

@testable import SignatureKit

/// The full duplicate pass against an independent oracle: every sheet compared with every earlier sheet of its kind
/// (no blocking), keeping per class the earliest match, as entry does. Deleting the pairs entry found and running
/// the pass must give exactly the oracle's links.
struct FullPassOracleTests {
    @Test("Full pass = brute force on 300 sheets of 150 people with variants, plus groups of three and conflicts")
    func passEqualsBruteForce() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("truth.csv").path
        try DemoData.writeRecallCSV(path: path, count: 150, seed: 91)
        let db = try TestSupport.database()
        _ = try db.importSheets(from: path, enteredBy: "t", today: TestSupport.today)
        // A group of three of one person and a conflict (two wards) on top.
        for (n, nomination) in [("G1", NominationID.ward(3)), ("G2", .ward(3)), ("G3", .ward(4))] {
            _ = try db.record(TestSupport.sheet(n, nomination: nomination, surname: "Gruppenmann"), enteredBy: "t", today: TestSupport.today)
        }
        let entryPairs = try Self.links(db)
        #expect(entryPairs.count >= 150)
        // Forget what entry found; the pass alone must find it all again.
        try db.write { d in
            try d.execute(sql: "DELETE FROM pair")
            try d.execute(sql: "UPDATE sheet SET duplicateOf = NULL")
        }
        let summary = try db.duplicatePass()
        let passPairs = try Self.links(db)
        let oracle = try Self.bruteForce(db)
        #expect(summary.newPairs == oracle.count)
        #expect(passPairs == oracle, "pass only: \(passPairs.subtracting(oracle).count), oracle only: \(oracle.subtracting(passPairs).count)")
        #expect(entryPairs == oracle)
    }

    struct Link: Hashable { let earlier: Int64, later: Int64, pairClass: String }

    static func links(_ db: SignatureDatabase) throws -> Set<Link> {
        try db.read { d in
            Set(try Row.fetchAll(d, sql: "SELECT sheetA, sheetB, class FROM pair").map { Link(earlier: $0[0], later: $0[1], pairClass: $0[2]) })
        }
    }

    /// Every sheet against all earlier ones of its kind.
    static func bruteForce(_ db: SignatureDatabase) throws -> Set<Link> {
        let rows = try db.read { d in
            try Row.fetchAll(
                d, sql: "SELECT id, sheetNumber, nomination, kind, surname, givenNames, birthDate, street, houseNumber FROM sheet ORDER BY id")
        }
        var seen: [DuplicateSearch.Candidate] = []
        var out = Set<Link>()
        for row in rows {
            guard let kind = NominationKind(rawValue: row["kind"]), let born = CalendarDay(parsing: row["birthDate"]) else { continue }
            let keys = PersonKeys(
                surname: row["surname"], givenNames: row["givenNames"], birthDate: born, street: row["street"], houseNumber: row["houseNumber"])
            let me = DuplicateSearch.Candidate(id: row["id"], sheetNumber: row["sheetNumber"], nomination: row["nomination"], kind: kind, keys: keys)
            for (other, pairClass, _) in DuplicateSearch.matches(keys, nomination: me.nomination, among: seen.filter { $0.kind == kind }) {
                out.insert(Link(earlier: other.id, later: me.id, pairClass: pairClass.rawValue))
            }
            seen.append(me)
        }
        return out
    }
}
