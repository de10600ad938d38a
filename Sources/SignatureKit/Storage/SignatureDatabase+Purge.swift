import GRDB

/// What a purge removed.
public struct PurgeSummary: Sendable, Equatable {
    public var sheets: Int
    public var rejectedByOffice: Int
}

extension SignatureDatabase {
    /// Removes the signers' personal data (names, birth dates, addresses, the keys derived from them, names in
    /// findings do not exist) once the nomination is admitted and the objection period is over; keeps sheet numbers,
    /// nominations, signing dates, collectors, statuses, reasons and so every count. The file is rewritten (VACUUM),
    /// so the removed data does not linger in free pages.
    ///
    /// - Parameters:
    ///   - today: Refused before the end of the objection period (``Election/purgeAllowedFrom``), when sheets may still
    ///     be asked about, unless `force` (e.g. the group withdrew).
    public func purgePersonalData(today: CalendarDay = .today(), force: Bool = false) throws -> PurgeSummary {
        guard force || today >= election.purgeAllowedFrom else {
            throw SignatureKitError.purgeTooEarly(allowedFrom: election.purgeAllowedFrom)
        }
        let summary = try writer.write { db -> PurgeSummary in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM sheet") ?? 0
            let rejected = try Int.fetchOne(db, sql: "SELECT count(*) FROM sheet WHERE status = 'rejected'") ?? 0
            try db.execute(sql: """
                UPDATE sheet SET surname = '', givenNames = '', birthDate = '', street = '', houseNumber = '',
                  postalCode = '', city = '', surnameKey = '', givenKey = '', surnameCode = '', givenCode = '',
                  addressKey = '', birthKey = 0
                """)
            try db.execute(sql: "DELETE FROM pair WHERE decision = 'open'")
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('purgedOn', ?)", arguments: [today.iso])
            return PurgeSummary(sheets: count, rejectedByOffice: rejected)
        }
        try writer.vacuum()
        try writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        return summary
    }

    /// The day personal data was removed, if it was.
    public func purgedOn() throws -> CalendarDay? {
        try writer.read(Self.purgedOn(in:))
    }

    static func purgedOn(in db: Database) throws -> CalendarDay? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'purgedOn'").flatMap(CalendarDay.init(parsing:))
    }
}
