import GRDB

extension SignatureDatabase {
    /// All sheets (optionally of one nomination or status), sorted by sheet number. Loads no personal data.
    public func sheets(nomination: NominationID? = nil, status: SheetStatus? = nil, enteredBy: String? = nil) throws -> [SheetSummary] {
        try read { db in
            var sql = """
                SELECT s.sheetNumber, s.nomination, s.status, s.signedOn, s.collector, s.enteredOn, d.sheetNumber AS dup,
                  (SELECT count(*) FROM finding f WHERE f.sheetId = s.id AND f.severity = 'error') AS errors,
                  (SELECT count(*) FROM finding f WHERE f.sheetId = s.id AND f.severity = 'warning') AS warnings
                FROM sheet s LEFT JOIN sheet d ON d.id = s.duplicateOf WHERE 1
                """
            var args: [any DatabaseValueConvertible] = []
            if let nomination {
                sql += " AND s.nomination = ?"
                args.append(canonical(nomination))
            }
            if let status {
                sql += " AND s.status = ?"
                args.append(status)
            }
            if let enteredBy {
                sql += " AND s.enteredBy = ?"
                args.append(enteredBy)
            }
            sql += " ORDER BY s.sheetNumber"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                SheetSummary(
                    sheet: row["sheetNumber"], nomination: try row.decode(forColumn: "nomination"), status: try row.decode(forColumn: "status"),
                    signedOn: row["signedOn"], collector: row["collector"], errors: row["errors"],
                    warnings: row["warnings"], duplicateOf: row["dup"], enteredOn: row["enteredOn"])
            }
        }
    }

    /// One sheet with its findings and status history, without personal data.
    ///
    /// - Throws: ``SignatureKitError/sheetNotFound(_:)``.
    public func sheetDetail(_ number: String) throws -> SheetDetail {
        try read { db in
            let number = number.uppercased()
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.id, s.sheetNumber, s.nomination, s.status, s.rejectReason, s.signedOn, s.collector, s.enteredBy, s.enteredOn,
                          s.addressWard, s.addressDistrict, d.sheetNumber AS dup
                        FROM sheet s LEFT JOIN sheet d ON d.id = s.duplicateOf WHERE s.sheetNumber = ?
                        """, arguments: [number])
            else { throw SignatureKitError.sheetNotFound(number) }
            let id: Int64 = row["id"]
            let findings = try FindingRecord.filter(Column("sheetId") == id).fetchAll(db).map(\.finding)
            let history = try StatusEventRecord.filter(Column("sheetId") == id).order(Column("id")).fetchAll(db).map(\.event)
            let pairs = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.class, p.decision, p.score, p.reasons, o.sheetNumber, o.nomination FROM pair p
                    JOIN sheet o ON o.id = CASE WHEN p.sheetA = ?1 THEN p.sheetB ELSE p.sheetA END
                    WHERE (p.sheetA = ?1 OR p.sheetB = ?1) AND p.decision <> 'dismissed' ORDER BY p.id
                    """, arguments: [id]
            ).compactMap { row -> DuplicateNotice? in
                let pairClass: PairClass = try row.decode(forColumn: "class")
                guard let now = pairClass.after(try row.decode(forColumn: "decision")) else { return nil }
                return DuplicateNotice(
                    kind: now, otherSheet: row["sheetNumber"], otherNomination: row["nomination"], score: row["score"],
                    reasons: (row["reasons"] as String).components(separatedBy: "; "))
            }
            // Under the first-signature rule a conflict says which of the two no longer counts.
            let duplicateOf: String? = row["dup"]
            let settledPairs = DuplicateNotice.settled(pairs, conflicts: election.conflicts, duplicateOf: duplicateOf)
            return SheetDetail(
                sheet: row["sheetNumber"], nomination: try row.decode(forColumn: "nomination"), status: try row.decode(forColumn: "status"),
                rejectReason: try row.decode(forColumn: "rejectReason"), signedOn: row["signedOn"], collector: row["collector"],
                enteredBy: row["enteredBy"], enteredOn: CalendarDay(parsing: row["enteredOn"]), addressWard: row["addressWard"],
                addressDistrict: row["addressDistrict"],
                findings: findings, history: history, duplicateOf: duplicateOf, pairs: settledPairs,
                corrections: try Self.corrections(of: id, in: db))
        }
    }

    /// The error findings of the sheets one person entered, by sheet number (why they cannot count), in one query.
    /// No personal data is read.
    public func errorFindings(enteredBy: String) throws -> [String: [Finding]] {
        try read { db in
            var out: [String: [Finding]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT s.sheetNumber, f.code, f.severity, f.message, f.basis FROM finding f JOIN sheet s ON s.id = f.sheetId
                    WHERE s.enteredBy = ? AND f.severity = 'error' ORDER BY f.rowid
                    """, arguments: [enteredBy])
            {
                out[row["sheetNumber"], default: []].append(
                    Finding(code: row["code"], severity: try row.decode(forColumn: "severity"), message: row["message"], basis: row["basis"]))
            }
            return out
        }
    }

    /// Whether a sheet number is already stored (the entry form checks this as it is typed).
    public func sheetExists(_ number: String) throws -> Bool {
        try read {
            try Bool.fetchOne($0, sql: "SELECT 1 FROM sheet WHERE sheetNumber = ?", arguments: [number.uppercased()]) ?? false
        }
    }

    /// Number of sheets per status (statuses without sheets left out). No personal data is read.
    public func statusCounts() throws -> [SheetStatus: Int] {
        try read(Self.statusCounts(in:))
    }

    static func statusCounts(in db: Database) throws -> [SheetStatus: Int] {
        var counts: [SheetStatus: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM sheet GROUP BY status") {
            counts[try row.decode(forColumn: "status")] = row["n"]
        }
        return counts
    }

    /// Number of stored sheets.
    public func sheetCount() throws -> Int {
        try read { try SheetRecord.fetchCount($0) }
    }
}
