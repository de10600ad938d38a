import GRDB

extension SignatureDatabase {
    /// Checks a bulk change without doing it: every number must be a stored sheet that may move to `status`; a rejection
    /// needs a reason. One wrong number refuses the whole list, naming it.
    ///
    /// - Throws: ``SignatureKitError/invalidField(field:reason:)`` naming the field and the sheet.
    public func previewStatus(_ sheets: [String], to status: SheetStatus, reason: RejectReason?) throws -> StatusPreview {
        let numbers = try StatusPreview.checkedRequest(sheets, to: status, reason: reason)
        let stored = try read { db in
            var out: [String: SheetStatus] = [:]
            for number in Set(numbers) {
                if let status = try SheetRecord.filter(SheetRecord.Columns.sheetNumber == number).fetchOne(db)?.status { out[number] = status }
            }
            return out
        }
        return try StatusPreview.plan(numbers, stored: stored, to: status)
    }

    /// A bulk change in one transaction, after the same checks as ``previewStatus(_:to:reason:)``; returns how many
    /// sheets changed.
    @discardableResult
    public func setStatus(sheets: [String], to status: SheetStatus, reason: RejectReason?, by user: String) throws -> Int {
        let preview = try previewStatus(sheets, to: status, reason: reason)
        return try setStatus(preview.changes.map { StatusChange(sheet: $0.sheet, status: status, reason: reason) }, by: user)
    }
}
