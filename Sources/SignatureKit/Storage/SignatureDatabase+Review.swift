import GRDB

/// A pair of sheets waiting for a person's decision. Sheet numbers and nominations only: names to compare come
/// through ``SignatureDatabase/personalData(of:purpose:)`` with ``PersonalDataPurpose/review``.
public struct ReviewCase: Sendable, Equatable {
    /// One side of the pair.
    public struct Side: Sendable, Equatable {
        public var sheet: String
        public var nomination: String
    }
    public var id: Int64
    public var kind: PairClass
    public var score: Double
    public var reasons: String
    public var first: Side
    public var second: Side
}

extension SignatureDatabase {
    /// Open review cases (probable duplicates, conflicts), oldest first; pairs with a closed sheet are left out.
    public func openReviewCases() throws -> [ReviewCase] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.id, p.class, p.score, p.reasons, a.sheetNumber AS a, a.nomination AS na,
                      b.sheetNumber AS b, b.nomination AS nb
                    FROM pair p JOIN sheet a ON a.id = p.sheetA JOIN sheet b ON b.id = p.sheetB
                    WHERE p.decision = 'open'
                      AND a.status NOT IN \(SheetStatus.closedSQL) AND b.status NOT IN \(SheetStatus.closedSQL)
                    ORDER BY p.id
                    """
            ).map { row in
                ReviewCase(
                    id: row["id"], kind: try row.decode(forColumn: "class"), score: row["score"], reasons: row["reasons"],
                    first: .init(sheet: row["a"], nomination: row["na"]), second: .init(sheet: row["b"], nomination: row["nb"]))
            }
        }
    }

    /// Stores a reviewer's decision. Confirming a probable duplicate makes the later sheet count once.
    public func decide(pair id: Int64, _ decision: ReviewDecision, by user: String) throws {
        try write { db in
            // After a purge the counts are final: no decision may change them.
            if try Self.purgedOn(in: db) != nil { throw SignatureKitError.purged(path: path) }
            guard var pair = try PairRecord.fetchOne(db, key: id) else { throw SignatureKitError.pairNotFound(Int(id)) }
            try pair.updateChanges(db) {
                $0.decision = decision.pairDecision
                $0.decidedBy = user
                $0.decidedAt = Self.timestamp()
            }
            let numbers = try String.fetchAll(
                db, sql: "SELECT sheetNumber FROM sheet WHERE id IN (?, ?) ORDER BY id", arguments: [pair.sheetA, pair.sheetB])
            try AuditRecord.append(db, user: user, action: "review:\(decision.rawValue)", sheets: numbers)
            if pair.pairClass == .possibleDuplicate {
                // Only a sheet that can still count makes the other a duplicate.
                let firstStatus = try SheetStatus.fetchOne(
                    db, sql: "SELECT status FROM sheet WHERE id = ?", arguments: [pair.sheetA])
                let firstAlive = firstStatus.map { !SheetStatus.closed.contains($0) } ?? false
                try db.execute(
                    sql: "UPDATE sheet SET duplicateOf = ? WHERE id = ?",
                    arguments: [decision == .confirmed && firstAlive ? pair.sheetA : nil, pair.sheetB])
            }
        }
    }
}
