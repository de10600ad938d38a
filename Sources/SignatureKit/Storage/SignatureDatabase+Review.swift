import GRDB

/// A pair of sheets waiting for a person's decision.
public struct ReviewCase: Sendable, Equatable {
    public var id: Int64
    public var kind: DuplicateNotice.Kind
    public var score: Double
    public var reasons: String
    public var first: SheetRecord
    public var second: SheetRecord

    public static func == (a: ReviewCase, b: ReviewCase) -> Bool { a.id == b.id }
}

/// A reviewer's verdict.
public enum ReviewDecision: String, Sendable {
    /// Same person: the later sheet counts as a duplicate (or the conflict stands).
    case confirmed
    /// Different people: the pair is closed.
    case dismissed
}

extension SignatureDatabase {
    /// Open review cases (probable duplicates, conflicts), oldest first.
    public func openReviewCases() throws -> [ReviewCase] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pair WHERE decision = 'open' ORDER BY id").compactMap { row in
                guard let a = try SheetRecord.fetchOne(db, key: row["sheetA"] as Int64),
                    let b = try SheetRecord.fetchOne(db, key: row["sheetB"] as Int64),
                    let kind = DuplicateNotice.Kind(rawValue: row["class"])
                else { return nil }
                return ReviewCase(id: row["id"], kind: kind, score: row["score"], reasons: row["reasons"], first: a, second: b)
            }
        }
    }

    /// Stores a reviewer's decision. Confirming a probable duplicate makes the later sheet count once.
    public func decide(pair id: Int64, _ decision: ReviewDecision, by user: String) throws {
        try writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT sheetA, sheetB, class FROM pair WHERE id = ?", arguments: [id])
            else { throw SignatureKitError.pairNotFound(Int(id)) }
            try db.execute(sql: "UPDATE pair SET decision = ?, decidedBy = ?, decidedAt = ? WHERE id = ?",
                arguments: [decision.rawValue, user, Self.timestamp(), id])
            let cls: String = row["class"]
            if cls == "possible-duplicate" {
                // Only a sheet that can still count makes the other a duplicate.
                let firstAlive = try Bool.fetchOne(db, sql: "SELECT status NOT IN \(SheetStatus.closedSQL) FROM sheet WHERE id = ?",
                    arguments: [row["sheetA"] as Int64]) ?? false
                try db.execute(sql: "UPDATE sheet SET duplicateOf = ? WHERE id = ?",
                    arguments: [decision == .confirmed && firstAlive ? row["sheetA"] as Int64? : nil, row["sheetB"] as Int64])
            }
        }
    }
}
