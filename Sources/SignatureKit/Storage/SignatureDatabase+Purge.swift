import GRDB

/// What a purge removed.
public struct PurgeSummary: Sendable, Equatable {
    public var sheets: Int
    public var rejectedByOffice: Int
}

extension SignatureDatabase {
    /// Removes the signers' personal data (names, birth dates, addresses and the keys derived from them) once the
    /// nomination is admitted and the objection period is over; keeps sheet numbers, nominations, signing dates,
    /// collectors, statuses, reasons and so every count. The file is rewritten (VACUUM), so the removed data does
    /// not linger in free pages.
    ///
    /// - Parameters:
    ///   - today: Refused before the end of the objection period (``Election/purgeAllowedFrom``), when sheets may still
    ///     be asked about, unless `force` (e.g. the group withdrew).
    public func purgePersonalData(today: CalendarDay = .today(), force: Bool = false) throws -> PurgeSummary {
        guard force || today >= election.purgeAllowedFrom else {
            throw SignatureKitError.purgeTooEarly(allowedFrom: election.purgeAllowedFrom)
        }
        let summary = try write { db -> PurgeSummary in
            let count = try SheetRecord.fetchCount(db)
            let rejected = try Int.fetchOne(db, sql: "SELECT count(*) FROM sheet WHERE status = ?", arguments: [SheetStatus.rejected]) ?? 0
            try db.execute(
                sql: """
                    UPDATE sheet SET surname = '', givenNames = '', birthDate = '', street = '', houseNumber = '',
                      postalCode = '', city = '', surnameKey = '', givenKey = '', surnameCode = '', givenCode = '',
                      addressKey = '', birthKey = 0
                    """)
            try db.execute(sql: "DELETE FROM pair WHERE decision = ?", arguments: [PairDecision.open])
            try MetaRecord.set(.purgedOn, today.iso, in: db)
            return PurgeSummary(sheets: count, rejectedByOffice: rejected)
        }
        try writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM")
            try db.checkpoint(.truncate)
        }
        return summary
    }

    /// The day personal data was removed, if it was.
    public func purgedOn() throws -> CalendarDay? {
        try read(Self.purgedOn(in:))
    }

    static func purgedOn(in db: Database) throws -> CalendarDay? {
        try MetaRecord.value(.purgedOn, in: db).flatMap(CalendarDay.init(parsing:))
    }
}
