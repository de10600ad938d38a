import Foundation
import GRDB
import GRDBSQLite

/// What happened to one sheet handed to the database.
public enum RecordOutcome: Sendable, Equatable {
    /// Stored, with its findings and the duplicates found.
    case stored(sheet: String, findings: [Finding], duplicates: [DuplicateNotice])
    /// The same sheet with the same content is already stored: nothing done.
    case alreadyPresent(sheet: String)
    /// The sheet number is stored with other content: nothing overwritten.
    case conflict(sheet: String)

    /// True when the sheet can count (stored without error finding and not a duplicate).
    public var canCount: Bool {
        guard case .stored(_, let findings, let dups) = self else { return false }
        return !findings.contains { $0.severity == .error } && !dups.contains { $0.kind == .duplicate }
    }
}

/// A duplicate or conflict found for a new sheet, against an earlier sheet.
public struct DuplicateNotice: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Same person, same nomination, written the same: counts once.
        case duplicate
        /// Probably the same person, same nomination: waits for review.
        case possibleDuplicate = "possible-duplicate"
        /// Same person on another of our nominations of the same kind: both may be void.
        case conflict
        /// Probably the same person on another nomination of the same kind: waits for review.
        case possibleConflict = "possible-conflict"

        public var germanName: String {
            switch self {
            case .duplicate: "doppelt"
            case .possibleDuplicate: "möglicherweise doppelt"
            case .conflict: "Konflikt"
            case .possibleConflict: "möglicher Konflikt"
            }
        }
    }
    public var kind: Kind
    public var otherSheet: String
    public var otherNomination: String
    public var score: Double
    public var reasons: [String]

    static func kind(for strength: MatchStrength, sameNomination: Bool) -> Kind {
        switch (strength, sameNomination) {
        case (.certain, true): .duplicate
        case (.probable, true): .possibleDuplicate
        case (.certain, false): .conflict
        case (.probable, false): .possibleConflict
        }
    }
}

extension SignatureDatabase {
    /// Stores one sheet: applies every rule and the duplicate check, in one transaction.
    public func record(_ input: SheetInput, enteredBy: String, today: CalendarDay = .today()) throws -> RecordOutcome {
        try writer.write { db in
            var ctx = try RecordContext(db: db, database: self, today: today, enteredBy: enteredBy)
            return try ctx.record(input)
        }
    }
}

/// Per-transaction state for storing many sheets quickly: cached meeting dates, whether a directory exists.
struct RecordContext {
    let db: Database
    let database: SignatureDatabase
    let today: CalendarDay
    let enteredBy: String
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
        hasDirectory = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM street)") ?? false
        if try SignatureDatabase.purgedOn(in: db) != nil {
            throw SignatureKitError.purged(path: database.path)
        }
        insertSheet = try RawStatement(db, sql: SheetRecord.insertSQL)
        candidateSearch = try RawStatement(db, sql: DuplicateSearch.candidateSQL)
        insertFinding = try RawStatement(db, sql: Findings.insertSQL)
    }

    /// Stores one sheet. `precomputed` keys and `ruleFindings` come from the import's parsing thread, which may
    /// apply the rules itself when no street directory is loaded (no database look-up is needed then).
    mutating func record(_ raw: SheetInput, keys precomputed: PersonKeys? = nil, ruleFindings: [Finding]? = nil) throws
        -> RecordOutcome
    {
        var input = raw
        input.nomination = database.canonical(raw.nomination)
        let address = hasDirectory ? try StreetDirectory.lookup(db, street: input.street, houseNumber: input.houseNumber) : .noDirectory
        let findings = (hasDirectory ? nil : ruleFindings)
            ?? Rules.evaluate(RuleInput(sheet: input, election: database.election, address: address,
                meetingDate: meetingDates[input.nomination], today: today))
        let keys = precomputed ?? PersonKeys(input)
        var record = SheetRecord(input, keys: keys, enteredBy: enteredBy, enteredAt: enteredAt, enteredOn: today,
            address: address, hasError: findings.contains { $0.severity == .error })
        // Look for earlier sheets of the same kind through the blocking indexes, before inserting.
        let candidates = try DuplicateSearch.candidates(candidateSearch, kind: input.nomination.kind, keys: keys)
        let id: Int64
        switch record.insert(using: insertSheet) {
        case SQLITE_DONE:
            id = db.lastInsertedRowID
        case SQLITE_CONSTRAINT | (8 << 8):  // SQLITE_CONSTRAINT_UNIQUE (a C macro Swift does not import)
            // The sheet number is taken (the unique index says so without an extra look-up per row).
            let existing = try SheetRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM sheet WHERE sheetNumber = ?"), arguments: [input.sheetNumber])
            return existing?.input == input ? .alreadyPresent(sheet: input.sheetNumber) : .conflict(sheet: input.sheetNumber)
        case let code:
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "Formblatt konnte nicht gespeichert werden")
        }
        try Findings.insert(using: insertFinding, sheetID: id, findings)
        var notices: [DuplicateNotice] = []
        for other in candidates {
            let otherKeys = other.keys, otherID = other.id
            guard let match = DuplicateMatcher.compare(otherKeys, keys) else { continue }
            let kind = DuplicateNotice.kind(for: match.strength, sameNomination: other.nomination == record.nomination)
            try DuplicateSearch.storePair(db, earlier: otherID, later: id, kind: kind, match: match)
            notices.append(DuplicateNotice(kind: kind, otherSheet: other.sheetNumber, otherNomination: other.nomination,
                score: match.score, reasons: match.reasons))
        }
        return .stored(sheet: input.sheetNumber, findings: findings, duplicates: notices)
    }
}

/// Writes findings rows.
enum Findings {
    static let insertSQL = "INSERT INTO finding(sheetId, code, severity, message, basis) VALUES (?, ?, ?, ?, ?)"

    /// Writes a sheet's findings through the transaction's prepared statement.
    static func insert(using statement: RawStatement, sheetID: Int64, _ findings: [Finding]) throws {
        for f in findings {
            statement.bind(1, Int(sheetID))
            statement.bind(2, f.code)
            statement.bind(3, f.severity.rawValue)
            statement.bind(4, f.message)
            statement.bind(5, f.basis)
            let code = statement.run()
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "Befund konnte nicht gespeichert werden")
            }
        }
    }
}
