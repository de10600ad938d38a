import GRDB

extension SheetStatus {
    /// ``closed`` as an SQL list: `('rejected','lost','withdrawn')`.
    package static let closedSQL = "(" + closed.map { "'\($0.rawValue)'" }.joined(separator: ",") + ")"

    /// The statuses in which a sheet counts (``SheetStanding/valid``, whatever its findings), as an SQL list, derived
    /// from the one definition.
    package static let validSQL =
        "("
        + allCases.filter { SheetStanding(status: $0, hasError: true, isDuplicate: false) == .valid }.map { "'\($0.rawValue)'" }
        .joined(separator: ",") + ")"
}

extension SignatureDatabase {
    /// Applies every rule again to every sheet (after a new street directory or meeting date), in chunks of
    /// 2,000 sheets so that memory stays flat. "Not in the future" keeps meaning the day the sheet was entered.
    public func recheck(today: CalendarDay = .today()) throws {
        try write { db in
            // The context of new entries: the same meeting dates, directory flag and finding statement.
            let recorder = try SheetRecorder(db: db, database: self, today: today, enteredBy: "")
            try FindingRecord.deleteAll(db)
            let update = try db.makeStatement(
                sql: "UPDATE sheet SET hasError = ?, addressWard = ?, addressDistrict = ? WHERE id = ?")
            var lastID: Int64 = 0
            while true {
                let chunk = try SheetRecord.fetchAll(
                    db, sql: "SELECT * FROM sheet WHERE id > ? ORDER BY id LIMIT 2000", arguments: [lastID])
                guard let last = chunk.last?.id else { break }
                lastID = last
                for stored in chunk {
                    let record = try stored.opened(cipher)
                    guard let id = record.id, let input = record.input else { continue }
                    let address = try lookupAddress(
                        db, hasDirectory: recorder.hasDirectory, street: input.street, houseNumber: input.houseNumber)
                    let findings = Rules.evaluate(
                        RuleInput(
                            sheet: input, election: election, address: address,
                            meetingDate: recorder.meetingDates[input.nomination],
                            today: CalendarDay(parsing: record.enteredOn) ?? today))
                    var ward: Int?
                    var district: String?
                    if case .found(let w, let d) = address { (ward, district) = (w, d) }
                    try update.execute(arguments: [findings.contains { $0.severity == .error }, ward, district, id])
                    try FindingRecord.insert(using: recorder.insertFinding, sheetID: id, findings)
                }
            }
        }
    }

    /// Every finding: rule findings grouped by code and message (one entry, many sheets), then
    /// duplicates and conflicts (one entry per pair). Reviewed pairs that were dismissed are left out.
    public func findings() throws -> [CheckFinding] {
        try read { db in
            var out: [CheckFinding] = []
            let grouped = try Row.fetchAll(
                db,
                sql: """
                    SELECT f.code, f.severity, f.message, group_concat(s.sheetNumber, ' ') AS sheets
                    FROM (SELECT * FROM finding ORDER BY sheetId) f JOIN sheet s ON s.id = f.sheetId
                    GROUP BY f.code, f.severity, f.message
                    ORDER BY f.severity = 'error' DESC, f.code, f.message
                    """)
            for row in grouped {
                let sheets = (row["sheets"] as String? ?? "").split(separator: " ").map(String.init)
                out.append(
                    CheckFinding(code: row["code"], severity: try row.decode(forColumn: "severity"), sheets: sheets, message: row["message"]))
            }
            let pairs = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.id, p.class, p.decision, p.reasons, a.sheetNumber AS a, b.sheetNumber AS b,
                      a.nomination AS na, b.nomination AS nb
                    FROM pair p JOIN sheet a ON a.id = p.sheetA JOIN sheet b ON b.id = p.sheetB
                    WHERE p.decision != 'dismissed'
                      AND a.status NOT IN \(SheetStatus.closedSQL) AND b.status NOT IN \(SheetStatus.closedSQL)
                    ORDER BY p.id
                    """)
            for row in pairs {
                let pairClass: PairClass = try row.decode(forColumn: "class")
                let decision: PairDecision = try row.decode(forColumn: "decision")
                guard let current = pairClass.after(decision) else { continue }
                let pair = PairFinding(
                    id: row["id"], pairClass: current, reasons: row["reasons"],
                    nominations: (NominationID(row["na"] as String), NominationID(row["nb"] as String)))
                out.append(
                    CheckFinding(
                        code: current.rawValue, severity: current.isCertain ? .error : .warning,
                        sheets: [row["a"], row["b"]], message: pair.germanMessage))
            }
            return out
        }
    }
}
