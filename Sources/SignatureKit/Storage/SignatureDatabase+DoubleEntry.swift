import Foundation
import GRDB

/// What became of one entry in a database with double entry.
public enum DoubleEntryOutcome: Sendable, Equatable {
    /// The first entry of the sheet: it waits until a second person types the same sheet.
    case awaitingSecond(sheet: String)
    /// A second person typed the same: the sheet is recorded (or was already: repeated, conflicting).
    case recorded(RecordOutcome)
    /// The two entries differ in these fields (CSV names): the review queue shows them side by side.
    case mismatch(sheet: String, fields: [String])
}

/// Two differing entries of one sheet, waiting for an organizer (no personal data: field names only).
public struct EntryMismatch: Sendable, Equatable {
    public var sheet: String
    /// The two entries: draft id and who typed it.
    public var entries: [(id: Int64, enteredBy: String)]
    /// The CSV fields in which they differ.
    public var fields: [String]

    public static func == (a: Self, b: Self) -> Bool {
        a.sheet == b.sheet && a.fields == b.fields && a.entries.map(\.id) == b.entries.map(\.id)
            && a.entries.map(\.enteredBy) == b.entries.map(\.enteredBy)
    }
}

/// One entry of a mismatch with its fields as typed (personal data: read through the privacy gate).
public struct EntryDraft: Sendable, Equatable {
    public var id: Int64
    public var enteredBy: String
    public var input: SheetInput
}

extension SheetInput {
    /// The fields as the CSV columns name them, dates as ISO.
    public var csvFields: [String: String] {
        [
            "sheet": sheetNumber, "nomination": nomination.description, "surname": surname, "given_names": givenNames, "born": birthDate.iso,
            "street": street, "house_number": houseNumber, "postal_code": postalCode, "city": city, "signed_on": signedOn.iso,
            "collector": collector,
        ]
    }

    /// The CSV fields in which two entries differ, in the paper's order.
    public func differingFields(from other: SheetInput) -> [String] {
        let a = csvFields
        let b = other.csvFields
        return SheetParser.columns.map(\.0).filter { a[$0] != b[$0] }
    }
}

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
        return try write { db in
            var recorder = try SheetRecorder(db: db, database: self, today: today, enteredBy: user)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM sheet WHERE sheetNumber = ?", arguments: [input.sheetNumber]) == true {
                return .recorded(try recorder.record(input))
            }
            let drafts = try Self.drafts(db, sheet: input.sheetNumber, cipher: cipher)
            let payload = try Self.payload(input, cipher: cipher)
            if let own = drafts.first(where: { $0.enteredBy == user }) {
                if own.input != input {
                    try db.execute(
                        sql: "UPDATE entryDraft SET payload = ?, clientId = ?, enteredAt = ? WHERE id = ?",
                        arguments: [payload, clientID, Self.timestamp(), own.id])
                }
            } else {
                try db.execute(
                    sql: "INSERT INTO entryDraft (sheetNumber, enteredBy, enteredAt, clientId, payload) VALUES (?, ?, ?, ?, ?)",
                    arguments: [input.sheetNumber, user, Self.timestamp(), clientID, payload])
            }
            // Once two entries differed, the organizers decide: another try by a typist changes its draft, never records
            // the sheet by itself (a typist who never saw the paper cannot converge field by field).
            if try Bool.fetchOne(
                db, sql: "SELECT EXISTS(SELECT 1 FROM entryDraft WHERE sheetNumber = ? AND mismatch)", arguments: [input.sheetNumber])
                == true
            {
                try db.execute(sql: "UPDATE entryDraft SET mismatch = 1 WHERE sheetNumber = ?", arguments: [input.sheetNumber])
                try AuditRecord.append(db, user: user, action: "entry:mismatch", sheets: [input.sheetNumber])
                let fields = drafts.first(where: { $0.enteredBy != user }).map { input.differingFields(from: $0.input) } ?? []
                return .mismatch(sheet: input.sheetNumber, fields: fields)
            }
            guard let other = drafts.first(where: { $0.enteredBy != user }) else {
                if drafts.isEmpty { try AuditRecord.append(db, user: user, action: "entry:first", sheets: [input.sheetNumber]) }
                return .awaitingSecond(sheet: input.sheetNumber)
            }
            let differing = input.differingFields(from: other.input)
            if differing.isEmpty {
                // Both agree: the sheet counts as entered, by the person who typed it first.
                recorder.enteredBy = other.enteredBy
                let outcome = try recorder.record(other.input)
                try db.execute(sql: "DELETE FROM entryDraft WHERE sheetNumber = ?", arguments: [input.sheetNumber])
                try AuditRecord.append(db, user: user, action: "entry:confirmed", sheets: [input.sheetNumber])
                return .recorded(outcome)
            }
            try db.execute(sql: "UPDATE entryDraft SET mismatch = 1 WHERE sheetNumber = ?", arguments: [input.sheetNumber])
            try AuditRecord.append(db, user: user, action: "entry:mismatch", sheets: [input.sheetNumber])
            return .mismatch(sheet: input.sheetNumber, fields: differing)
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
                let fields = drafts.count >= 2 ? drafts[0].input.differingFields(from: drafts[1].input) : []
                return EntryMismatch(sheet: number, entries: drafts.map { ($0.id, $0.enteredBy) }, fields: fields)
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
            guard let chosen = drafts.first(where: { $0.id == draftID }) else { throw SignatureKitError.sheetNotFound(sheet.uppercased()) }
            // Nobody settles a disagreement about their own entry.
            if drafts.contains(where: { Self.accountKey($0.enteredBy) == Self.accountKey(user) }) {
                throw SignatureKitError.invalidField(
                    field: "Entscheidung",
                    reason: "\(chosen.input.sheetNumber) haben Sie selbst eingegeben; entscheiden muss eine andere Person der Organisation")
            }
            var recorder = try SheetRecorder(db: db, database: self, today: today, enteredBy: chosen.enteredBy)
            let outcome = try recorder.record(chosen.input)
            try db.execute(sql: "DELETE FROM entryDraft WHERE sheetNumber = ?", arguments: [chosen.input.sheetNumber])
            try AuditRecord.append(db, user: user, action: "entry:resolved", sheets: [chosen.input.sheetNumber])
            return outcome
        }
    }

    static func payload(_ input: SheetInput, cipher: FieldCipher?) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(input.csvFields), as: UTF8.self)
        return cipher.map { $0.seal(text) } ?? text
    }

    static func drafts(_ db: Database, sheet: String, cipher: FieldCipher?) throws -> [EntryDraft] {
        try Row.fetchAll(db, sql: "SELECT id, enteredBy, payload FROM entryDraft WHERE sheetNumber = ? ORDER BY id", arguments: [sheet]).map { row in
            let stored: String = row["payload"]
            let text = try cipher.map { try $0.open(stored) } ?? stored
            guard let fields = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)),
                case .success(let input) = SheetParser.parse(fields)
            else { throw SignatureKitError.unknownStoredValue(path: "entryDraft", column: "payload") }
            return EntryDraft(id: row["id"], enteredBy: row["enteredBy"], input: input)
        }
    }
}
