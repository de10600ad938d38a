import Foundation
import GRDB
import GRDBSQLite

extension SignatureDatabase {
    /// Stores one sheet: applies every rule and the duplicate check, in one transaction.
    public func record(_ input: SheetInput, enteredBy: String, today: CalendarDay = .today()) throws -> RecordOutcome {
        try write { db in
            var recorder = try SheetRecorder(db: db, database: self, today: today, enteredBy: enteredBy)
            let outcome = try recorder.record(input)
            if case .stored(let sheet, _, _) = outcome { try AuditRecord.append(db, user: enteredBy, action: "entry", sheets: [sheet]) }
            return outcome
        }
    }

    /// The rule context the import's parsing thread may use, read outside any transaction: only without a street
    /// directory, where the rules need no database look-up.
    func parsingRules(today: CalendarDay) throws -> RuleContext? {
        try read { db in
            try Self.hasStreetDirectory(in: db)
                ? nil : RuleContext(election: election, meetingDates: try Self.meetingDates(in: db), today: today)
        }
    }

    /// Stores many sheets in one transaction (the import): `body` hands each sheet to the recorder.
    /// An error thrown by `body` or by the database rolls everything back.
    func recordMany<T>(enteredBy: String, today: CalendarDay, _ body: (inout SheetRecorder) throws -> T) throws -> T {
        try write { db in
            var recorder = try SheetRecorder(db: db, database: self, today: today, enteredBy: enteredBy)
            return try body(&recorder)
        }
    }
}

/// Per-transaction state for storing many sheets quickly: cached meeting dates, whether a directory exists,
/// and the prepared statements of the hot path.
struct SheetRecorder {
    let db: Database
    let database: SignatureDatabase
    let today: CalendarDay
    /// Who enters the next sheet (a group commit changes it per entry).
    var enteredBy: String
    let enteredAt: String
    let meetingDates: [NominationID: CalendarDay]
    let hasDirectory: Bool
    /// The insert and the candidate search, prepared once per transaction.
    let insertSheet: RawStatement
    let candidateSearch: RawStatement
    let insertFinding: RawStatement

    init(db: Database, database: SignatureDatabase, today: CalendarDay, enteredBy: String) throws {
        self.db = db
        self.database = database
        self.today = today
        self.enteredBy = enteredBy
        self.enteredAt = SignatureDatabase.timestamp()
        meetingDates = try SignatureDatabase.meetingDates(in: db)
        hasDirectory = try SignatureDatabase.hasStreetDirectory(in: db)
        if try SignatureDatabase.purgedOn(in: db) != nil {
            throw SignatureKitError.purged(path: database.path)
        }
        insertSheet = try RawStatement(db, sql: SheetRecord.insertSQL)
        candidateSearch = try RawStatement(db, sql: SignatureDatabase.candidateSQL)
        insertFinding = try RawStatement(db, sql: FindingRecord.insertSQL)
    }

    /// The rule context the import's parsing thread may use: only without a street directory, where the rules
    /// need no database look-up.
    var parsingRules: RuleContext? {
        hasDirectory ? nil : RuleContext(election: database.election, meetingDates: meetingDates, today: today)
    }

    /// Appends an audit entry in this transaction, as the person entering.
    func audit(action: String, sheets: [String]) throws {
        try AuditRecord.append(db, user: enteredBy, action: action, sheets: sheets)
    }

    /// Stores one sheet. `precomputed` keys and `ruleFindings` come from the import's parsing thread.
    mutating func record(
        _ raw: SheetInput, keys precomputed: PersonKeys? = nil, ruleFindings: [Finding]? = nil, sealed presealed: FieldCipher.SealedSheet? = nil
    ) throws -> RecordOutcome {
        var input = raw
        input.nomination = database.canonical(raw.nomination)
        let address = try database.lookupAddress(db, hasDirectory: hasDirectory, street: input.street, houseNumber: input.houseNumber)
        let findings =
            (hasDirectory ? nil : ruleFindings)
            ?? Rules.evaluate(
                RuleInput(
                    sheet: input, election: database.election, address: address,
                    meetingDate: meetingDates[input.nomination], today: today))
        let keys = precomputed ?? PersonKeys(input)
        // Sealed on the parsing thread when importing; here for a single entry.
        let sealedSheet = presealed ?? database.cipher.map { $0.seal(input, keys: keys) }
        let record = SheetRecord(
            input, keys: keys, enteredBy: enteredBy, enteredAt: enteredAt, enteredOn: today,
            address: address, hasError: findings.contains { $0.severity == .error })
        // Look for earlier sheets of the same kind through the blocking indexes, before inserting.
        // A sheet without names cannot be compared (empty names would match each other).
        let candidates =
            input.lacksName
            ? []
            : try SignatureDatabase.candidates(
                candidateSearch, kind: input.nomination.kind, keys: keys, cipher: database.cipher, sealed: sealedSheet)
        let id: Int64
        switch (sealedSheet.map { record.sealed($0) } ?? record).insert(using: insertSheet) {
        case SQLITE_DONE:
            id = db.lastInsertedRowID
        case SQLITE_CONSTRAINT | (8 << 8):  // SQLITE_CONSTRAINT_UNIQUE (a C macro Swift does not import)
            // The sheet number is taken (the unique index says so without an extra look-up per row).
            let existing = try SheetRecord.filter(SheetRecord.Columns.sheetNumber == input.sheetNumber).fetchOne(db)
            return try existing?.opened(database.cipher).input == input
                ? .alreadyPresent(sheet: input.sheetNumber) : .conflict(sheet: input.sheetNumber)
        case let code:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "Formblatt konnte nicht gespeichert werden")
        }
        try FindingRecord.insert(using: insertFinding, sheetID: id, findings)
        var notices: [DuplicateNotice] = []
        for (other, pairClass, match) in DuplicateSearch.matches(keys, nomination: record.nomination, among: candidates) {
            let invalidated = try SignatureDatabase.storePair(
                db, earlier: other.id, later: id, pairClass: pairClass, match: match, conflicts: database.election.conflicts)
            notices.append(
                DuplicateNotice(
                    kind: pairClass, otherSheet: other.sheetNumber, otherNomination: other.nomination,
                    score: match.score, reasons: match.reasons, invalidatesThis: invalidated.map { $0 == id }))
        }
        return .stored(sheet: input.sheetNumber, findings: findings, duplicates: notices)
    }
}

extension SignatureDatabase {
    /// Stores sheets from several people in one transaction (group commit for the web server: one fsync for all the
    /// entries that arrived while the previous batch was written). Each entry is recorded as by its own `add`.
    public func record(batch: [(input: SheetInput, enteredBy: String)], today: CalendarDay = .today()) throws -> [RecordOutcome] {
        guard !batch.isEmpty else { return [] }
        let prepared = prepare(batch)
        return try write { db in try recordPrepared(db, prepared, today: today) }
    }

    /// A batch with its keys and sealed fields: normalising, phonetic codes and sealing need no database, so they are
    /// done before the write lock is taken.
    typealias PreparedEntry = (input: SheetInput, enteredBy: String, keys: PersonKeys, sealed: FieldCipher.SealedSheet?)

    func prepare(_ batch: [(input: SheetInput, enteredBy: String)]) -> [PreparedEntry] {
        batch.map { entry in
            let keys = PersonKeys(entry.input)
            return (entry.input, entry.enteredBy, keys, cipher.map { $0.seal(entry.input, keys: keys) })
        }
    }

    /// Records a prepared batch in the caller's transaction, each sheet as by its own entry.
    func recordPrepared(_ db: Database, _ prepared: [PreparedEntry], today: CalendarDay) throws -> [RecordOutcome] {
        guard let first = prepared.first else { return [] }
        // One recorder (meeting dates, prepared statements) for the whole batch; only the person changes.
        var recorder = try SheetRecorder(db: db, database: self, today: today, enteredBy: first.enteredBy)
        var outcomes: [RecordOutcome] = []
        for entry in prepared {
            recorder.enteredBy = entry.enteredBy
            let outcome = try recorder.record(entry.input, keys: entry.keys, sealed: entry.sealed)
            if case .stored(let sheet, _, _) = outcome { try AuditRecord.append(db, user: entry.enteredBy, action: "entry", sheets: [sheet]) }
            outcomes.append(outcome)
        }
        return outcomes
    }
}

extension SignatureDatabase {
    /// Replaces the content of one's own entry with `input` (same sheet number): rules and duplicate search run
    /// again, in one transaction; the old findings and open pairs go. Refused (nothing changed) when the policy
    /// refuses, or when a review decision or a duplicate already refers to the sheet.
    ///
    /// - Throws: ``SignatureKitError/correctionRefused(sheet:reason:)``, ``SignatureKitError/sheetNotFound(_:)``.
    public func correct(_ input: SheetInput, by user: String, policy: CorrectionPolicy, today: CalendarDay = .today()) throws -> RecordOutcome {
        let detail = try sheetDetail(input.sheetNumber)
        // Under double entry one person's word never changes a sheet: a correction would have to be entered twice.
        if try doubleEntry() {
            throw SignatureKitError.correctionRefused(
                sheet: detail.sheet,
                reason: "mit Doppelerfassung ändert niemand allein ein bestätigtes Formblatt; bitte die Organisation fragen")
        }
        if let reason = policy.refusal(detail, by: user, today: today) {
            throw SignatureKitError.correctionRefused(sheet: detail.sheet, reason: reason)
        }
        return try write { db in
            guard let old = try SheetRecord.filter(SheetRecord.Columns.sheetNumber == detail.sheet).fetchOne(db), let id = old.id else {
                throw SignatureKitError.sheetNotFound(detail.sheet)
            }
            // Checked again inside the transaction: the status may have changed since.
            guard old.status == .entered, old.enteredBy == user else {
                throw SignatureKitError.correctionRefused(sheet: detail.sheet, reason: "es wurde inzwischen bearbeitet")
            }
            let referenced =
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM pair WHERE (sheetA = ?1 OR sheetB = ?1) AND decision <> 'open')
                          OR EXISTS (SELECT 1 FROM sheet WHERE duplicateOf = ?1)
                        """, arguments: [id]) ?? false
            if referenced {
                throw SignatureKitError.correctionRefused(
                    sheet: detail.sheet, reason: "es wurde schon als mögliche Doppelung geprüft; bitte die Organisation fragen")
            }
            var canonicalInput = input
            canonicalInput.nomination = canonical(input.nomination)
            guard let before = try old.opened(cipher).input else { throw SignatureKitError.unknownStoredValue(path: path, column: "sheet") }
            if before == canonicalInput { return .alreadyPresent(sheet: detail.sheet) }
            // A probe sheet cannot test person after person: name, birth date and address change only a few times.
            let identityChanged =
                before.surname != input.surname || before.givenNames != input.givenNames || before.birthDate != input.birthDate
                || before.street != input.street || before.houseNumber != input.houseNumber
            if identityChanged {
                guard try Self.identityChanges(db, sheet: detail.sheet, by: user) < Self.identityChangesPerSheet else {
                    throw SignatureKitError.correctionRefused(
                        sheet: detail.sheet,
                        reason:
                            "Name, Geburtsdatum oder Anschrift wurden schon \(Self.identityChangesPerSheet)-mal geändert; bitte die Organisation fragen"
                    )
                }
                try AuditRecord.append(db, user: user, action: "correction:identity", sheets: [detail.sheet])
            }
            try old.delete(db)  // findings, pairs and status events go with it (ON DELETE CASCADE)
            var recorder = try SheetRecorder(db: db, database: self, today: today, enteredBy: user)
            let outcome = try recorder.record(input)
            try AuditRecord.append(db, user: user, action: "correction", sheets: [detail.sheet])
            return outcome
        }
    }
}
