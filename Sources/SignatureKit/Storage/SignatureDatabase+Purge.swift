import Foundation
import GRDB

extension SignatureDatabase {
    /// Removes the signers' personal data (names, birth dates, addresses and the keys derived from them) once the
    /// nomination is admitted and the objection period is over; keeps sheet numbers, nominations, signing dates,
    /// collectors, statuses, reasons and so every count.
    ///
    /// One honest operation: it first makes sure no other program reads the database (it waits for readers, then
    /// refuses with nothing changed), removes the data in one transaction that also marks the purge as pending,
    /// rewrites the file (VACUUM, secure delete) and truncates the WAL, then clears the mark. Interrupted after the
    /// transaction, it finishes the rewrite when run again.
    ///
    /// - Parameters:
    ///   - today: Refused before the end of the objection period (``Election/purgeAllowedFrom``), when sheets may still
    ///     be asked about, unless `force` (e.g. the group withdrew).
    /// - Throws: ``SignatureKitError/purgeBlocked(path:)`` before changing anything, or
    ///   ``SignatureKitError/purgeUnfinished(path:)`` when the data is removed but the file not yet rewritten.
    public func purgePersonalData(today: CalendarDay = .today(), force: Bool = false, by user: String = loginName) throws -> PurgeSummary {
        let pending = try read { try MetaRecord.value(.purgePending, in: $0) } != nil
        if !pending {
            try PurgePolicy.check(today: today, force: force, election: election)
            // Readers keep old pages alive in the WAL: wait for them (busy timeout), or refuse before any change.
            guard try truncateWAL() else { throw SignatureKitError.purgeBlocked(path: path) }
        }
        let summary = try write { db -> PurgeSummary in
            let count = try SheetRecord.fetchCount(db)
            let rejected =
                try Int.fetchOne(db, sql: "SELECT count(*) FROM sheet WHERE status = ?", arguments: [SheetStatus.rejected]) ?? 0
            if !pending {
                try db.execute(
                    sql: """
                        UPDATE sheet SET surname = '', givenNames = '', birthDate = '', street = '', houseNumber = '',
                          postalCode = '', city = '', surnameKey = '', givenKey = '', surnameCode = '', givenCode = '',
                          addressKey = '', birthKey = 0, sealed = NULL
                        """)
                try db.execute(sql: "DELETE FROM pair WHERE decision = ?", arguments: [PairDecision.open])
                // Entries still waiting for their second typist carry names too.
                try db.execute(sql: "DELETE FROM entryDraft")
                try MetaRecord.set(.purgedOn, today.iso, in: db)
                try MetaRecord.set(.purgePending, today.iso, in: db)
                try AuditRecord.append(db, user: user, action: "purge", sheets: [])
            }
            let outputs = try OutputRecord.order(Column("id")).fetchAll(db)
                .filter { FileManager.default.fileExists(atPath: $0.path) }
                .map { WrittenOutput(path: $0.path, kind: $0.kind, writtenAt: $0.writtenAt) }
            return PurgeSummary(sheets: count, rejectedByOffice: rejected, outputs: outputs)
        }
        do {
            try writeWithoutTransaction { try $0.execute(sql: "VACUUM") }
            guard try truncateWAL() else { throw SignatureKitError.purgeUnfinished(path: path) }
            try write { try MetaRecord.deleteOne($0, key: MetaRecord.Key.purgePending.rawValue) }
            guard try truncateWAL() else { throw SignatureKitError.purgeUnfinished(path: path) }
        } catch let error as SignatureKitError where error.code == .databaseBusy {
            throw SignatureKitError.purgeUnfinished(path: path)
        }
        return summary
    }

    /// Checkpoints the WAL into the file and truncates it; false when a reader kept it busy past the timeout.
    func truncateWAL() throws -> Bool {
        guard path != ":memory:" else { return true }
        return try writeWithoutTransaction { db in
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            return (row?[0] as Int?) == 0
        }
    }

    /// The day personal data was removed, if it was, and whether the file still waits to be rewritten.
    public func purgeState() throws -> (purgedOn: CalendarDay?, pending: Bool) {
        try read { db in
            (try Self.purgedOn(in: db), try MetaRecord.value(.purgePending, in: db) != nil)
        }
    }

    /// The day personal data was removed, if it was.
    public func purgedOn() throws -> CalendarDay? {
        try read(Self.purgedOn(in:))
    }

    static func purgedOn(in db: Database) throws -> CalendarDay? {
        try MetaRecord.value(.purgedOn, in: db).flatMap(CalendarDay.init(parsing:))
    }

    /// Notes a file with names the tool wrote (absolute path), so that purge can name it. Nothing on a read-only
    /// database.
    public func recordOutput(_ path: String, kind: OutputKind, by user: String = loginName) throws {
        guard !isReadOnly else { return }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO output(path, kind, writtenAt) VALUES (?, ?, ?)
                    ON CONFLICT(path) DO UPDATE SET kind = excluded.kind, writtenAt = excluded.writtenAt
                    """, arguments: [absolute, kind, Self.timestamp()])
            try AuditRecord.append(db, user: user, action: "output:\(kind.rawValue)", sheets: [])
        }
    }
}
