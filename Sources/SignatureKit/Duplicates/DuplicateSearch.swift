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
    static let candidateSQL = """
        SELECT id, sheetNumber, nomination, surnameKey, givenKey, birthDate, surnameCode, givenCode, addressKey
        FROM sheet WHERE kind = ?1 AND birthKey = ?2 AND (surnameCode = ?3 OR givenCode = ?4)
        UNION ALL
        SELECT id, sheetNumber, nomination, surnameKey, givenKey, birthDate, surnameCode, givenCode, addressKey
        FROM sheet WHERE kind = ?1 AND addressKey = ?5 AND surnameKey = ?6
        """

    static func candidates(_ statement: RawStatement, kind: NominationKind, keys: PersonKeys) throws -> [Candidate] {
        statement.bind(1, kind.rawValue)
        statement.bind(2, keys.birthKey)
        statement.bind(3, keys.surnameCode)
        statement.bind(4, keys.givenCode)
        statement.bind(5, keys.addressKey)
        statement.bind(6, keys.surname)
        var out: [Candidate] = []
        var seen = Set<Int64>()
        try statement.forEachRow { row in
            // UNION ALL is cheaper than UNION; the same sheet found by both keys is kept once here.
            guard seen.insert(row.int(0)).inserted, let birth = CalendarDay(parsing: row.text(5)) else { return }
            out.append(Candidate(id: row.int(0), sheetNumber: row.text(1), nomination: row.text(2),
                keys: PersonKeys(stored: row.text(3), givenNames: row.text(4), birthDate: birth, surnameCode: row.text(6),
                    givenCode: row.text(7), addressKey: row.text(8))))
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
