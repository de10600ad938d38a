import GRDB

extension SignatureDatabase {
    /// Checks a bulk change without doing it: every number must be a stored sheet that may move to `status`; a rejection
    /// needs a reason. One wrong number refuses the whole list, naming it.
    ///
    /// - Throws: ``SignatureKitError/invalidField(field:reason:)`` naming the field and the sheet.
    public func previewStatus(_ sheets: [String], to status: SheetStatus, reason: RejectReason?) throws -> StatusPreview {
        guard !sheets.isEmpty else { throw SignatureKitError.invalidField(field: "Formblätter", reason: "keine Formblatt-Nummern angegeben") }
        if status == .rejected && reason == nil {
            throw SignatureKitError.invalidField(
                field: "Grund", reason: "eine Ablehnung braucht einen Grund (z. B. nicht im Wahlbezirk); nichts geändert")
        }
        guard status != .entered else {
            throw SignatureKitError.invalidField(field: "Status", reason: "„erfasst“ ist kein Ziel eines Statuswechsels")
        }
        return try read { db in
            var preview = StatusPreview(changes: [], unchanged: [])
            for number in sheets.map({ $0.uppercased() }) {
                if let problem = SheetParser.problem(field: "sheet", value: number) {
                    throw SignatureKitError.invalidField(field: "Formblätter", reason: "„\(number.escapedForTerminal)“: \(problem); nichts geändert")
                }
                guard let from: SheetStatus = try SheetRecord.filter(SheetRecord.Columns.sheetNumber == number).fetchOne(db)?.status else {
                    throw SignatureKitError.invalidField(field: "Formblätter", reason: "\(number) ist nicht erfasst; nichts geändert")
                }
                if from == status {
                    preview.unchanged.append(number)
                } else if from.allowedNext.contains(status) {
                    preview.changes.append(.init(sheet: number, from: from, to: status))
                } else {
                    throw SignatureKitError.invalidField(
                        field: "Formblätter",
                        reason: "\(number) kann nicht von \(quote(from.germanName)) nach \(quote(status.germanName)) wechseln; nichts geändert")
                }
            }
            return preview
        }
    }

    /// A bulk change in one transaction, after the same checks as ``previewStatus(_:to:reason:)``; returns how many
    /// sheets changed.
    @discardableResult
    public func setStatus(sheets: [String], to status: SheetStatus, reason: RejectReason?, by user: String) throws -> Int {
        let preview = try previewStatus(sheets, to: status, reason: reason)
        return try setStatus(preview.changes.map { StatusChange(sheet: $0.sheet, status: status, reason: reason) }, by: user)
    }
}
