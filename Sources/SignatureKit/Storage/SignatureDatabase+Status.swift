import GRDB

extension SignatureDatabase {
    /// Moves sheets through the lifecycle, all or none; each move is recorded with who and when.
    ///
    /// - Throws: ``SignatureKitError/sheetNotFound(_:)`` or ``SignatureKitError/impossibleTransition(sheet:from:to:)``;
    ///   then no sheet is changed.
    /// - Returns: How many sheets changed their status (a sheet named twice, or already in that status, counts
    ///   once or not at all).
    @discardableResult
    public func setStatus(_ changes: [StatusChange], by user: String) throws -> Int {
        try write { db in try Self.applyStatus(db, changes, by: user) }
    }

    /// ``setStatus(_:by:)`` inside the caller's transaction.
    static func applyStatus(_ db: Database, _ changes: [StatusChange], by user: String) throws -> Int {
        // Load what the policy needs, let it decide, write what it returns.
        let numbers = Array(Set(changes.map { $0.sheet.uppercased() }))
        var current: [String: SheetStatus] = [:]
        var ids: [String: Int64] = [:]
        // In chunks: a return file may name more sheets than SQLite takes parameters in one statement.
        for start in stride(from: 0, to: numbers.count, by: 500) {
            let chunk = Array(numbers[start..<min(start + 500, numbers.count)])
            for row in try Row.fetchAll(
                db, sql: "SELECT id, sheetNumber, status FROM sheet WHERE sheetNumber IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(chunk))
            {
                let number: String = row["sheetNumber"]
                current[number] = try row.decode(forColumn: "status")
                ids[number] = row["id"]
            }
        }
        let moves = try Lifecycle.plan(changes, current: current)
        let now = Self.timestamp()
        for move in moves {
            guard let id = ids[move.sheet] else { continue }
            try db.execute(
                sql: "UPDATE sheet SET status = ?, rejectReason = ?, statusChangedAt = ? WHERE id = ?",
                arguments: [move.to, move.reason, now, id])
            var event = StatusEventRecord(sheetId: id, fromStatus: move.from, toStatus: move.to, reason: move.reason, at: now, by: user)
            try event.insert(db)
            if move.promotesDuplicate { try Self.promoteDuplicate(of: id, in: db) }
        }
        for (action, sheets) in Lifecycle.auditActions(moves) { try AuditRecord.append(db, user: user, action: action, sheets: sheets) }
        return Set(moves.map(\.sheet)).count
    }

    /// When a sheet can no longer count, its earliest duplicate counts instead (the person's signature is still
    /// on paper there); later duplicates now point to that one.
    static func promoteDuplicate(of id: Int64, in db: Database) throws {
        guard
            let first = try Int64.fetchOne(
                db, sql: "SELECT id FROM sheet WHERE duplicateOf = ? ORDER BY id LIMIT 1", arguments: [id])
        else { return }
        try db.execute(sql: "UPDATE sheet SET duplicateOf = NULL WHERE id = ?", arguments: [first])
        try db.execute(sql: "UPDATE sheet SET duplicateOf = ? WHERE duplicateOf = ?", arguments: [first, id])
    }
}
