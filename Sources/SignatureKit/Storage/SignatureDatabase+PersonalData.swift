import GRDB

extension SignatureDatabase {
    /// The privacy gate: the only way a signer's name, birth date or address leaves the database.
    ///
    /// Listing and counting never load these fields; a caller that needs them says why, so that each read can
    /// be recorded. Sheets that are not stored are left out; the result follows the order of `sheets`.
    public func personalData(of sheets: [String], purpose: PersonalDataPurpose, by user: String = loginName) throws -> [SignerData] {
        guard !sheets.isEmpty else { return [] }
        // Every read is recorded first (which sheets, why, by whom – never the data itself).
        try audit(user, "read:\(purpose.rawValue)", sheets: sheets.map { $0.uppercased() })
        return try read { db in
            var found: [String: SignerData] = [:]
            // In chunks: SQLite limits the number of parameters of one statement.
            for start in stride(from: 0, to: sheets.count, by: 500) {
                let chunk = sheets[start..<min(sheets.count, start + 500)].map { $0.uppercased() }
                let records = try SheetRecord.filter(chunk.contains(SheetRecord.Columns.sheetNumber)).fetchAll(db)
                for r in try records.map({ try $0.opened(cipher) }) {
                    found[r.sheetNumber] = SignerData(
                        sheet: r.sheetNumber, surname: r.surname, givenNames: r.givenNames,
                        birthDate: CalendarDay(parsing: r.birthDate), street: r.street, houseNumber: r.houseNumber,
                        postalCode: r.postalCode, city: r.city)
                }
            }
            return sheets.compactMap { found[$0.uppercased()] }
        }
    }
}
