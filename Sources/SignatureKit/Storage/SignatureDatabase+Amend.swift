import Foundation
import GRDB

extension SignatureDatabase {
    /// An organizer's correction of any sheet (same number): the new values replace the old in place, so the
    /// sheet keeps its status, history and typist; rules run again, and when the person or the nomination changed,
    /// the duplicate search runs again (old pairs and decisions about the other person go; a sheet that counted as a
    /// duplicate of this one counts on its own). One transaction; on the audit record and as a note with the sheet.
    ///
    /// A sheet already certified or handed in is corrected only with `confirmed` (the election office saw the old
    /// values): the note then says so wherever the sheet is shown.
    ///
    /// - Throws: ``SignatureKitError/invalidField(field:reason:)`` without a reason or without confirmation,
    ///   ``SignatureKitError/sheetNotFound(_:)``.
    public func amend(
        _ input: SheetInput, reason rawReason: String, confirmed: Bool = false, by user: String, today: CalendarDay = .today()
    ) throws -> AmendOutcome {
        let reason = try CorrectionNote.checkedReason(rawReason)
        var canonicalInput = input
        canonicalInput.nomination = canonical(input.nomination)
        return try write { db in
            var recorder = try SheetRecorder(db: db, database: self, today: today, enteredBy: user)
            return try recorder.amend(canonicalInput, reason: reason, confirmed: confirmed)
        }
    }

    /// The organizers' corrections of one sheet, oldest first.
    static func corrections(of sheetID: Int64, in db: Database) throws -> [CorrectionNote] {
        try Row.fetchAll(
            db, sql: "SELECT at, by, reason, fields, status FROM correction WHERE sheetId = ? ORDER BY id", arguments: [sheetID]
        ).map { row in
            CorrectionNote(
                at: row["at"], by: row["by"], reason: row["reason"],
                fields: (row["fields"] as String).split(separator: ",").map(String.init), status: try row.decode(forColumn: "status"))
        }
    }
}

extension SheetRecorder {
    /// Replaces a stored sheet's values in place (see ``SignatureDatabase/amend(_:reason:confirmed:by:today:)``).
    func amend(_ input: SheetInput, reason: String, confirmed: Bool) throws -> AmendOutcome {
        guard var old = try SheetRecord.filter(SheetRecord.Columns.sheetNumber == input.sheetNumber).fetchOne(db), let id = old.id else {
            throw SignatureKitError.sheetNotFound(input.sheetNumber)
        }
        guard let before = try old.opened(database.cipher).input else {
            throw SignatureKitError.unknownStoredValue(path: database.path, column: "sheet")
        }
        let fields = CorrectionNote.changedFields(before, input)
        if fields.isEmpty { return .unchanged(sheet: input.sheetNumber) }
        if CorrectionNote.needsConfirmation.contains(old.status) && !confirmed {
            throw SignatureKitError.invalidField(
                field: "confirm",
                reason:
                    "\(input.sheetNumber) ist schon \(old.status.germanName): das Wahlamt kennt die alten Angaben. Die Korrektur bitte ausdrücklich bestätigen"
            )
        }
        let address = try database.lookupAddress(db, hasDirectory: hasDirectory, street: input.street, houseNumber: input.houseNumber)
        let findings = Rules.evaluate(
            RuleInput(sheet: input, election: database.election, address: address, meetingDate: meetingDates[input.nomination], today: today))
        let keys = PersonKeys(input)
        var record = SheetRecord(
            input, keys: keys, enteredBy: old.enteredBy, enteredAt: old.enteredAt, enteredOn: CalendarDay(parsing: old.enteredOn) ?? today,
            address: address, hasError: findings.contains { $0.severity == .error })
        record.id = id
        record.enteredOn = old.enteredOn
        record.status = old.status
        record.rejectReason = old.rejectReason
        record.statusChangedAt = old.statusChangedAt
        let repair = !CorrectionNote.pairingFields.isDisjoint(with: fields)
        record.duplicateOf = repair ? nil : old.duplicateOf
        if let cipher = database.cipher { record = record.sealed(cipher.seal(input, keys: keys)) }
        if repair {
            // The old pairs were about the person as typed before: they and their decisions go, and a sheet that was
            // counted once because of this one counts on its own again (or as a duplicate of the next earliest).
            try SignatureDatabase.promoteDuplicate(of: id, in: db)
            try db.execute(sql: "DELETE FROM pair WHERE sheetA = ?1 OR sheetB = ?1", arguments: [id])
        }
        old = record
        try old.update(db)
        try db.execute(sql: "DELETE FROM finding WHERE sheetId = ?", arguments: [id])
        try FindingRecord.insert(using: insertFinding, sheetID: id, findings)
        var notices: [DuplicateNotice] = []
        if repair && !input.lacksName {
            let sealed = database.cipher.map { $0.seal(input, keys: keys) }
            let candidates = try SignatureDatabase.candidates(
                candidateSearch, kind: input.nomination.kind, keys: keys, cipher: database.cipher, sealed: sealed
            ).filter { $0.id != id }
            for (other, pairClass, match) in DuplicateSearch.matches(keys, nomination: record.nomination, among: candidates) {
                // The earlier sheet (by entry) stays the one that counts.
                let invalidated = try SignatureDatabase.storePair(
                    db, earlier: min(other.id, id), later: max(other.id, id), pairClass: pairClass, match: match,
                    conflicts: database.election.conflicts)
                notices.append(
                    DuplicateNotice(
                        kind: pairClass, otherSheet: other.sheetNumber, otherNomination: other.nomination, score: match.score,
                        reasons: match.reasons, invalidatesThis: invalidated.map { $0 == id }))
            }
        }
        try db.execute(
            sql: "INSERT INTO correction(sheetId, at, by, reason, fields, status) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [id, SignatureDatabase.timestamp(), enteredBy, reason, fields.joined(separator: ","), old.status.rawValue])
        try audit(action: "correction:organizer", sheets: [input.sheetNumber])
        return .amended(sheet: input.sheetNumber, fields: fields, findings: findings, duplicates: notices)
    }
}
