import GRDB

extension SignatureDatabase {
    /// The SQL behind ``DuplicateSearch``'s blocks for one new sheet, through the indexes `sheet_birth` (which holds
    /// both sound codes and the address key, so the three birth-date blocks are one probe) and `sheet_address` only.
    /// Candidates per blocking key (``DuplicateSearch/candidatesPerBlock``).
    static let candidatesPerBlock = DuplicateSearch.candidatesPerBlock

    static let candidateSQL = """
        SELECT * FROM (SELECT id, sheetNumber, nomination, surnameKey, givenKey, birthDate, surnameCode, givenCode, addressKey,
          sealed
        FROM sheet WHERE kind = ?1 AND birthKey = ?2 AND (surnameCode = ?3 OR givenCode = ?4 OR addressKey = ?5) ORDER BY id LIMIT \(candidatesPerBlock))
        UNION ALL
        SELECT * FROM (SELECT id, sheetNumber, nomination, surnameKey, givenKey, birthDate, surnameCode, givenCode, addressKey,
          sealed
        FROM sheet WHERE kind = ?1 AND addressKey = ?5 AND surnameKey = ?6 ORDER BY id LIMIT \(candidatesPerBlock))
        """

    /// Earlier sheets of the same kind that share a blocking key with `keys`.
    /// In an encrypted database the keys are bound as keyed hashes, and each candidate is decrypted to compare it.
    static func candidates(
        _ statement: RawStatement, kind: NominationKind, keys: PersonKeys, cipher: FieldCipher? = nil, sealed: FieldCipher.SealedSheet? = nil
    ) throws -> [DuplicateSearch.Candidate] {
        statement.bind(1, kind.rawValue)
        statement.bind(2, sealed?.birthKey ?? keys.birthKey)
        statement.bind(3, sealed?.surnameCode ?? keys.surnameCode)
        statement.bind(4, sealed?.givenCode ?? keys.givenCode)
        statement.bind(5, sealed?.addressKey ?? keys.addressKey)
        statement.bind(6, sealed?.surnameKey ?? keys.surname)
        var out: [DuplicateSearch.Candidate] = []
        var seen = Set<Int64>()
        try statement.forEachRow { row in
            // UNION ALL is cheaper than UNION; the same sheet found by both keys is kept once here.
            guard seen.insert(row.int(0)).inserted else { return }
            if let cipher {
                guard !row.isNull(9) else { return }
                let f = try cipher.openFields(row.text(9))
                guard let birth = CalendarDay(parsing: f[2]) else { return }
                let k = PersonKeys(surname: f[0], givenNames: f[1], birthDate: birth, street: f[3], houseNumber: f[4])
                out.append(DuplicateSearch.Candidate(id: row.int(0), sheetNumber: row.text(1), nomination: row.text(2), kind: kind, keys: k))
                return
            }
            guard let birth = CalendarDay(parsing: row.text(5)) else { return }
            out.append(
                DuplicateSearch.Candidate(
                    id: row.int(0), sheetNumber: row.text(1), nomination: row.text(2), kind: kind,
                    keys: PersonKeys(
                        stored: row.text(3), givenNames: row.text(4), birthDate: birth, surnameCode: row.text(6),
                        givenCode: row.text(7), addressKey: row.text(8))))
        }
        return out
    }

    /// Stores a pair (earlier, later). A certain duplicate in the same nomination marks the later sheet as
    /// counted once; everything else waits for review.
    /// Returns the sheet a conflict made not count (the later-signed one, under ``ConflictRule/firstSignedCounts``).
    @discardableResult
    static func storePair(
        _ db: Database, earlier: Int64, later: Int64, pairClass: PairClass, match: Match, conflicts: ConflictRule = .review
    ) throws -> Int64? {
        try db.cachedStatement(
            sql: """
                INSERT INTO pair(sheetA, sheetB, class, score, reasons, decision) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(sheetA, sheetB) DO NOTHING
                """
        ).execute(arguments: [
            earlier, later, pairClass, match.score, match.reasons.joined(separator: "; "), pairClass.initialDecision,
        ])
        if pairClass == .duplicate {
            try db.cachedStatement(sql: "UPDATE sheet SET duplicateOf = ? WHERE id = ? AND duplicateOf IS NULL")
                .execute(arguments: [earlier, later])
        }
        if pairClass == .conflict && conflicts == .firstSignedCounts {
            // The first signature stays valid, every later one is invalid (BWO § 34 Abs. 4 Nr. 4): the sheet signed later
            // (by its signing date; on the same day the one entered later) counts no more, as a duplicate would not.
            let rows = try Row.fetchAll(db, sql: "SELECT id, signedOn FROM sheet WHERE id IN (?, ?)", arguments: [earlier, later])
            let signed = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as Int64, $0["signedOn"] as String) })
            let laterSigned = (signed[earlier] ?? "") > (signed[later] ?? "") ? earlier : later
            let first = laterSigned == earlier ? later : earlier
            try db.cachedStatement(sql: "UPDATE sheet SET duplicateOf = ? WHERE id = ? AND duplicateOf IS NULL")
                .execute(arguments: [first, laterSigned])
            return laterSigned
        }
        return nil
    }

    /// A full duplicate pass over all sheets (``DuplicateSearch/fullPass(_:existing:)``); stores pairs it
    /// finds that are not stored yet (decisions already taken stay).
    @discardableResult
    public func duplicatePass(by user: String = loginName) throws -> CheckSummary {
        try write { db in
            var summary = CheckSummary()
            // After a purge there is nothing left to compare.
            if try Self.purgedOn(in: db) != nil { return summary }
            var entries: [DuplicateSearch.Candidate] = []
            // Encrypted: blocks on the keyed hashes; the sealed fields are kept to decrypt only sheets a block pairs.
            var sealed: [String] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, sheetNumber, nomination, kind, surnameKey, givenKey, birthDate, surnameCode, givenCode, addressKey,
                      birthKey, sealed
                    FROM sheet ORDER BY id
                    """)
            while let row = try rows.next() {
                guard let kind = NominationKind(rawValue: row[3]), !(row[4] as String).isEmpty, !(row[5] as String).isEmpty
                else { continue }
                if cipher != nil {
                    let block = DuplicateSearch.BlockKeys(birth: row[10], surnameCode: row[7], givenCode: row[8], address: row[9], surname: row[4])
                    entries.append(
                        DuplicateSearch.Candidate(id: row[0], sheetNumber: row[1], nomination: row[2], kind: kind, block: block, keys: nil))
                    sealed.append(row[11] ?? "")
                    continue
                }
                guard let birth = CalendarDay(parsing: row[6]) else { continue }
                let keys = PersonKeys(
                    stored: row[4], givenNames: row[5], birthDate: birth, surnameCode: row[7], givenCode: row[8],
                    addressKey: row[9])
                entries.append(DuplicateSearch.Candidate(id: row[0], sheetNumber: row[1], nomination: row[2], kind: kind, keys: keys))
            }
            summary.sheets = entries.count
            let pairRows = try Row.fetchAll(db, sql: "SELECT sheetA, sheetB, class FROM pair")
            let existing = Set(pairRows.map { PairKey(a: $0[0], b: $0[1]) })
            // A later sheet already linked to its group (a stored pair of that class) gets no second link.
            let linked = Set(
                try pairRows.map { row in
                    DuplicateSearch.Link(later: max(row[0] as Int64, row[1] as Int64), pairClass: try row.decode(forColumn: "class"))
                })
            let (pairs, compared) = DuplicateSearch.fullPass(entries, existing: existing, linked: linked) { index in
                guard let cipher, let f = try? cipher.openFields(sealed[index]), let birth = CalendarDay(parsing: f[2]) else { return nil }
                return PersonKeys(surname: f[0], givenNames: f[1], birthDate: birth, street: f[3], houseNumber: f[4])
            }
            summary.pairsCompared = compared
            for p in pairs {
                try Self.storePair(db, earlier: p.earlier, later: p.later, pairClass: p.pairClass, match: p.match, conflicts: election.conflicts)
            }
            summary.newPairs = pairs.count
            if !pairs.isEmpty { try AuditRecord.append(db, user: user, action: "check:\(pairs.count)", sheets: []) }
            return summary
        }
    }
}
