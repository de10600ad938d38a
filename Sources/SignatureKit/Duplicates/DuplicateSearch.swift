import GRDB

/// Duplicate search in the database: blocking through indexes for one new sheet, and the full pass.
enum DuplicateSearch {
    /// Earlier sheets of the same kind that share a blocking key with `keys`, through indexes only:
    /// - same birth date (day and month in either order) and same Kölner Phonetik of the surname;
    /// - same birth date (either order) and same Kölner Phonetik of the first given name;
    /// - same address and surname (for a typo in the birth date).
    ///
    /// Every probable match of ``DuplicateMatcher`` needs an equal or swapped birth date with a surname or
    /// given name of the same sound, or the same address and surname, so these three blocks lose none.
    static func candidates(_ db: Database, kind: NominationKind, keys: PersonKeys) throws -> [Candidate] {
        let columns = "id, sheetNumber, nomination, surnameKey, givenKey, birthDate, surnameCode, givenCode, addressKey"
        let statement = try db.cachedStatement(sql: """
            SELECT \(columns) FROM sheet WHERE kind = :kind AND birthKey = :birth AND (surnameCode = :sc OR givenCode = :gc)
            UNION ALL
            SELECT \(columns) FROM sheet WHERE kind = :kind AND addressKey = :address AND surnameKey = :surname
            """)
        let rows = try Row.fetchCursor(statement, arguments: ["kind": kind.rawValue, "sc": keys.surnameCode, "gc": keys.givenCode,
            "birth": keys.birthKey, "address": keys.addressKey, "surname": keys.surname])
        var out: [Candidate] = []
        var seen = Set<Int64>()
        while let row = try rows.next() {
            // UNION ALL is cheaper than UNION; the same sheet found by two keys is kept once here.
            guard seen.insert(row[0]).inserted, let birth = CalendarDay(parsing: row[5]) else { continue }
            out.append(Candidate(id: row[0], sheetNumber: row[1], nomination: row[2],
                keys: PersonKeys(stored: row[3], givenNames: row[4], birthDate: birth, surnameCode: row[6], givenCode: row[7], addressKey: row[8])))
        }
        return out
    }

    /// An earlier sheet found by blocking: its id, number, nomination and keys.
    struct Candidate {
        let id: Int64
        let sheetNumber: String
        let nomination: String
        let keys: PersonKeys
    }

    /// Stores a pair (earlier, later). A certain duplicate in the same nomination marks the later sheet as
    /// counted once; everything else waits for review.
    static func storePair(_ db: Database, earlier: Int64, later: Int64, kind: DuplicateNotice.Kind, match: Match) throws {
        let decision = kind == .duplicate ? "auto" : "open"
        try db.cachedStatement(sql: """
            INSERT INTO pair(sheetA, sheetB, class, score, reasons, decision) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(sheetA, sheetB) DO NOTHING
            """).execute(arguments: [earlier, later, kind.rawValue, match.score, match.reasons.joined(separator: "; "), decision])
        if kind == .duplicate {
            try db.cachedStatement(sql: "UPDATE sheet SET duplicateOf = ? WHERE id = ? AND duplicateOf IS NULL")
                .execute(arguments: [earlier, later])
        }
    }
}
