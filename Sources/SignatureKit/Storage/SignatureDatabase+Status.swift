import GRDB

/// One status change requested for a sheet.
public struct StatusChange: Sendable, Equatable {
    public var sheet: String
    public var status: SheetStatus
    public var reason: RejectReason?
    /// Where the change came from (file and line), for messages.
    public var origin: String?

    public init(sheet: String, status: SheetStatus, reason: RejectReason? = nil, origin: String? = nil) {
        self.sheet = sheet
        self.status = status
        self.reason = reason
        self.origin = origin
    }
}

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
        let now = Self.timestamp()
        do {
            var changed = Set<Int64>()
            var changedNumbers: [SheetStatus: [String]] = [:]
            for change in changes {
                let number = change.sheet.uppercased()
                guard var sheet = try SheetRecord.filter(SheetRecord.Columns.sheetNumber == number).fetchOne(db),
                    let id = sheet.id
                else {
                    if let origin = change.origin {
                        throw SignatureKitError.ioFailure(
                            path: origin, reason: "Feld „Formblatt“: \(number) ist nicht erfasst; nichts geändert.")
                    }
                    throw SignatureKitError.sheetNotFound(number)
                }
                let from = sheet.status
                if from == change.status { continue }
                guard from.allowedNext.contains(change.status) else {
                    if let origin = change.origin {
                        throw SignatureKitError.ioFailure(
                            path: origin,
                            reason:
                                "Feld „Status“: \(number) kann nicht von \(quote(from.germanName)) nach \(quote(change.status.germanName)) wechseln; nichts geändert."
                        )
                    }
                    throw SignatureKitError.impossibleTransition(sheet: number, from: from, to: change.status)
                }
                let reason = change.status == .rejected ? (change.reason ?? .other) : nil
                try sheet.updateChanges(db) {
                    $0.status = change.status
                    $0.rejectReason = reason
                    $0.statusChangedAt = now
                }
                var event = StatusEventRecord(
                    sheetId: id, fromStatus: from, toStatus: change.status, reason: reason, at: now, by: user)
                try event.insert(db)
                if SheetStatus.closed.contains(change.status) {
                    try Self.promoteDuplicate(of: id, in: db)
                }
                changed.insert(id)
                changedNumbers[change.status, default: []].append(number)
            }
            for (status, numbers) in changedNumbers.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try AuditRecord.append(db, user: user, action: "status:\(status.rawValue)", sheets: numbers)
            }
            return changed.count
        }
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
