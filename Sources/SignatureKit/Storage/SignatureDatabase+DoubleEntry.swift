import Foundation
import GRDB

extension SignatureDatabase {
    /// Whether every sheet must be typed twice by different people (`init --double-entry`).
    public func doubleEntry() throws -> Bool {
        try read { try MetaRecord.value(.doubleEntry, in: $0) == "1" }
    }

    /// Switches double entry on or off (recorded in the audit).
    public func setDoubleEntry(_ on: Bool, by user: String = loginName) throws {
        try write { db in
            try MetaRecord.set(.doubleEntry, on ? "1" : "0", in: db)
            try AuditRecord.append(db, user: user, action: "setting:double-entry:\(on ? "on" : "off")", sheets: [])
        }
    }

    /// One entry under double entry, in one transaction: the first waits aside; a second by another person that
    /// agrees records the sheet (entered by the first person); one that differs goes to the review queue. An entry
    /// repeated by the same person (a phone retrying) changes nothing; a corrected one replaces that person's draft.
    public func enterTwice(_ raw: SheetInput, by user: String, clientID: String? = nil, today: CalendarDay = .today()) throws -> DoubleEntryOutcome {
        var input = raw
        input.nomination = canonical(raw.nomination)
        return try write { db in try Self.enterTwice(db, input, by: user, clientID: clientID, database: self, today: today) }
    }

    /// Double entry in the caller's transaction: the drafts loaded, ``DoubleEntry/plan(_:by:drafts:flagged:)`` asked,
    /// its plan written.
    static func enterTwice(
        _ db: Database, _ input: SheetInput, by user: String, clientID: String?, database: SignatureDatabase, today: CalendarDay
    ) throws -> DoubleEntryOutcome {
        let number = input.sheetNumber
        var recorder = try SheetRecorder(db: db, database: database, today: today, enteredBy: user)
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM sheet WHERE sheetNumber = ?", arguments: [number]) == true {
            return .recorded(try recorder.record(input))
        }
        let drafts = try drafts(db, sheet: number, cipher: database.cipher)
        let flagged =
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM entryDraft WHERE sheetNumber = ? AND mismatch)", arguments: [number]) == true
        let plan = DoubleEntry.plan(input, by: user, drafts: drafts, flagged: flagged)
        switch plan.draft {
        case .keep: break
        case .update(let id):
            try db.execute(
                sql: "UPDATE entryDraft SET payload = ?, clientId = ?, enteredAt = ? WHERE id = ?",
                arguments: [try payload(input, cipher: database.cipher), clientID, timestamp(), id])
        case .insert:
            try db.execute(
                sql: "INSERT INTO entryDraft (sheetNumber, enteredBy, enteredAt, clientId, payload) VALUES (?, ?, ?, ?, ?)",
                arguments: [number, user, timestamp(), clientID, try payload(input, cipher: database.cipher)])
        }
        switch plan.step {
        case .awaitSecond(let first):
            if first { try AuditRecord.append(db, user: user, action: "entry:first", sheets: [number]) }
            return .awaitingSecond(sheet: number)
        case .confirm(let agreed, let typist):
            // Both agree: the sheet counts as entered, by the person who typed it first.
            recorder.enteredBy = typist
            let outcome = try recorder.record(agreed)
            try db.execute(sql: "DELETE FROM entryDraft WHERE sheetNumber = ?", arguments: [number])
            try AuditRecord.append(db, user: user, action: "entry:confirmed", sheets: [number])
            return .recorded(outcome)
        case .mismatch(let fields):
            try db.execute(sql: "UPDATE entryDraft SET mismatch = 1 WHERE sheetNumber = ?", arguments: [number])
            try AuditRecord.append(db, user: user, action: "entry:mismatch", sheets: [number])
            return .mismatch(sheet: number, fields: fields)
        }
    }

    /// The sheets `user` typed that do not count yet under double entry: waiting for a second person, or differing
    /// from another entry (sheet numbers only). Sorted by sheet number.
    public func pendingEntries(by user: String) throws -> [(sheet: String, mismatch: Bool)] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT sheetNumber, mismatch FROM entryDraft WHERE enteredBy = ? ORDER BY sheetNumber", arguments: [user]
            ).map { ($0["sheetNumber"], $0["mismatch"]) }
        }
    }

    /// Sheets whose two entries differ, oldest first (field names only, no personal data).
    public func entryMismatches() throws -> [EntryMismatch] {
        try read { db in
            let numbers = try String.fetchAll(db, sql: "SELECT sheetNumber FROM entryDraft WHERE mismatch GROUP BY sheetNumber ORDER BY min(id)")
            return try numbers.map { number in
                let drafts = try Self.drafts(db, sheet: number, cipher: cipher)
                return EntryMismatch(sheet: number, entries: drafts.map { ($0.id, $0.enteredBy) }, fields: DoubleEntry.differences(drafts))
            }
        }
    }

    /// The entries of a mismatched sheet with their fields (a recorded read of personal data, for the review).
    public func mismatchEntries(_ sheet: String, by user: String) throws -> [EntryDraft] {
        try audit(user, "read:\(PersonalDataPurpose.review.rawValue)", sheets: [sheet.uppercased()])
        return try read { try Self.drafts($0, sheet: sheet.uppercased(), cipher: cipher) }
    }

    /// Settles a mismatch: the chosen entry is recorded as its typist's, the others are dropped.
    public func resolveMismatch(_ sheet: String, keep draftID: Int64, by user: String, today: CalendarDay = .today()) throws -> RecordOutcome {
        try write { db in
            let drafts = try Self.drafts(db, sheet: sheet.uppercased(), cipher: cipher)
            let chosen = try DoubleEntry.resolution(drafts, keep: draftID, sheet: sheet.uppercased(), by: user)
            var recorder = try SheetRecorder(db: db, database: self, today: today, enteredBy: chosen.enteredBy)
            let outcome = try recorder.record(chosen.input)
            try db.execute(sql: "DELETE FROM entryDraft WHERE sheetNumber = ?", arguments: [chosen.input.sheetNumber])
            try AuditRecord.append(db, user: user, action: "entry:resolved", sheets: [chosen.input.sheetNumber])
            return outcome
        }
    }

    package static func payload(_ input: SheetInput, cipher: FieldCipher?) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(input.csvFields), as: UTF8.self)
        return cipher.map { $0.seal(text) } ?? text
    }

    static func drafts(_ db: Database, sheet: String, cipher: FieldCipher?) throws -> [EntryDraft] {
        try Row.fetchAll(db, sql: "SELECT id, enteredBy, payload FROM entryDraft WHERE sheetNumber = ? ORDER BY id", arguments: [sheet]).map { row in
            let stored: String = row["payload"]
            return try EntryDraft(id: row["id"], enteredBy: row["enteredBy"], payload: try cipher.map { try $0.open(stored) } ?? stored)
        }
    }
}
