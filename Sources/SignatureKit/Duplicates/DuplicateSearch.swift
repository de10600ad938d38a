import GRDB

/// Duplicate search in the database: blocking through indexes for one new sheet, and the full pass.
enum DuplicateSearch {
    /// Earlier sheets of the same kind that share a blocking key with `keys`, through indexes only:
    /// - same phonetic surname and first given name (spelling variants, typos that keep the sound);
    /// - same birth date (or day and month swapped) and same phonetic surname (typo in the given name);
    /// - same birth date (or swapped) and same phonetic given name (typo in the surname);
    /// - same address and surname (typo in the birth date).
    static func candidates(_ db: Database, kind: NominationKind, keys: PersonKeys) throws -> [Candidate] {
        let swapped = keys.birthDate.swappedDayMonth?.iso ?? keys.birthDate.iso
        let columns = "id, sheetNumber, nomination, surnameKey, givenKey, birthDate, surnameCode, givenCode, addressKey"
        let statement = try db.cachedStatement(sql: """
            SELECT \(columns) FROM sheet WHERE kind = :kind AND surnameCode = :sc AND givenCode = :gc
            UNION
            SELECT \(columns) FROM sheet WHERE kind = :kind AND birthDate IN (:birth, :swapped) AND surnameCode = :sc
            UNION
            SELECT \(columns) FROM sheet WHERE kind = :kind AND birthDate IN (:birth, :swapped) AND givenCode = :gc
            UNION
            SELECT \(columns) FROM sheet WHERE kind = :kind AND addressKey = :address AND surnameKey = :surname
            """)
        let rows = try Row.fetchCursor(statement, arguments: ["kind": kind.rawValue, "sc": keys.surnameCode, "gc": keys.givenCode,
            "birth": keys.birthDate.iso, "swapped": swapped, "address": keys.addressKey, "surname": keys.surname])
        var out: [Candidate] = []
        while let row = try rows.next() {
            guard let birth = CalendarDay(parsing: row[5]) else { continue }
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
