import GRDB

extension SignatureDatabase {
    /// Open review cases (probable duplicates, conflicts), oldest first; pairs with a closed sheet are left out.
    public func openReviewCases() throws -> [ReviewCase] {
        try read(Self.openCases(in:))
    }

    /// The open cases, in the caller's transaction.
    static func openCases(in db: Database) throws -> [ReviewCase] {
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

    /// Stores a reviewer's decision. Confirming a probable duplicate makes the later sheet count once.
    public func decide(pair id: Int64, _ decision: ReviewDecision, by user: String) throws {
        let path = self.path
        try write { db in try Self.applyDecision(db, pair: id, decision, by: user, path: path) }
    }

    /// ``decide(pair:_:by:)`` in the caller's transaction.
    static func applyDecision(_ db: Database, pair id: Int64, _ decision: ReviewDecision, by user: String, path: String) throws {
        do {
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
            let earlier = try SheetStatus.fetchOne(db, sql: "SELECT status FROM sheet WHERE id = ?", arguments: [pair.sheetA])
            if let duplicate = ReviewPolicy.laterIsDuplicate(kind: pair.pairClass, decision: decision, earlierStatus: earlier) {
                try db.execute(sql: "UPDATE sheet SET duplicateOf = ? WHERE id = ?", arguments: [duplicate ? pair.sheetA : nil, pair.sheetB])
            }
        }
    }

    /// Settles a case by keeping one of its two sheets: the other is withdrawn (it no longer counts; counts follow at
    /// once) and the pair is confirmed as the same person. For a conflict this is "F… behalten, F… zurückziehen".
    public func keep(_ sheet: String, ofCase id: Int64, by user: String) throws {
        try write { db in
            if try Self.purgedOn(in: db) != nil { throw SignatureKitError.purged(path: path) }
            guard var pair = try PairRecord.fetchOne(db, key: id), pair.decision == .open else { throw SignatureKitError.pairNotFound(Int(id)) }
            let numbers = try Row.fetchAll(db, sql: "SELECT id, sheetNumber FROM sheet WHERE id IN (?, ?)", arguments: [pair.sheetA, pair.sheetB])
                .map { (id: $0["id"] as Int64, number: $0["sheetNumber"] as String) }
            let kept = sheet.uppercased()
            let other = try ReviewPolicy.withdrawn(keeping: kept, of: numbers.map(\.number), case: id)
            try pair.updateChanges(db) {
                $0.decision = .confirmed
                $0.decidedBy = user
                $0.decidedAt = Self.timestamp()
            }
            try AuditRecord.append(db, user: user, action: "review:keep:\(kept)", sheets: numbers.map(\.number).sorted())
            _ = try Self.applyStatus(db, [StatusChange(sheet: other, status: .withdrawn)], by: user)
        }
    }
}
