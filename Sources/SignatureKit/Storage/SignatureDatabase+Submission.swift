import GRDB

extension SignatureDatabase {
    /// The submission data of one nomination.
    public func submissionData(for nomination: NominationID) throws -> SubmissionData {
        let n = canonical(nomination)
        return try read { db in
            let certified = try Row.fetchAll(
                db,
                sql: """
                    SELECT sheetNumber, signedOn FROM sheet
                    WHERE nomination = ? AND \(SheetStanding.valid.sqlCondition) ORDER BY sheetNumber
                    """, arguments: [n]
            ).map { (sheet: $0[0] as String, signedOn: CalendarDay(parsing: $0[1])) }
            var counts = StandingCounts()
            let grouped = try Row.fetchAll(
                db,
                sql: """
                    SELECT status, hasError, duplicateOf IS NOT NULL AS dup, rejectReason, count(*) AS n FROM sheet
                    WHERE nomination = ? GROUP BY status, hasError, duplicateOf IS NOT NULL, rejectReason
                    """, arguments: [n])
            for r in grouped {
                let status: SheetStatus = try r.decode(forColumn: "status")
                counts.add(
                    SheetStanding(status: status, hasError: r["hasError"], isDuplicate: r["dup"]), r["n"],
                    reason: try r.decode(forColumn: "rejectReason"))
            }
            let conflicts =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM pair p JOIN sheet a ON a.id = p.sheetA JOIN sheet b ON b.id = p.sheetB
                        WHERE p.decision != 'dismissed' AND p.class IN ('\(PairClass.conflict.rawValue)','\(PairClass.possibleConflict.rawValue)')
                          AND (a.nomination = ?1 OR b.nomination = ?1)
                          AND a.status NOT IN \(SheetStatus.closedSQL) AND b.status NOT IN \(SheetStatus.closedSQL)
                        """, arguments: [n]) ?? 0
            let openReviews =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM pair p JOIN sheet a ON a.id = p.sheetA JOIN sheet b ON b.id = p.sheetB
                        WHERE p.decision = 'open' AND p.class = 'possible-duplicate' AND b.nomination = ?
                          AND a.status NOT IN \(SheetStatus.closedSQL) AND b.status NOT IN \(SheetStatus.closedSQL)
                        """, arguments: [n]) ?? 0
            let certifiedWithError =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM sheet
                        WHERE nomination = ? AND status IN \(SheetStatus.validSQL) AND duplicateOf IS NULL AND hasError
                        """, arguments: [n]) ?? 0
            return SubmissionData(
                certified: certified, counts: counts, conflicts: conflicts, openReviews: openReviews,
                certifiedWithError: certifiedWithError)
        }
    }

    /// Sheets ready for the certificate of voting right: pending (no rule error, not a duplicate) and not sent yet.
    public func sheetsReadyForCertification() throws -> [CertificationItem] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT sheetNumber, nomination FROM sheet WHERE status = ? AND \(SheetStanding.pending.sqlCondition)
                    ORDER BY sheetNumber
                    """, arguments: [SheetStatus.entered]
            ).compactMap { r in
                (try r.decode(NominationID?.self, forColumn: "nomination")).map { CertificationItem(sheet: r["sheetNumber"], nomination: $0) }
            }
        }
    }
}
