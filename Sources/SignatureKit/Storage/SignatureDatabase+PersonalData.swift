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
        let cipher = self.cipher
        return try read { db in try Self.signers(in: db, sheets.map { $0.uppercased() }, cipher: cipher) }
    }

    /// The signers of `numbers` (upper case), in their order; sheets that are not stored are left out.
    static func signers(in db: Database, _ numbers: [String], cipher: FieldCipher?) throws -> [SignerData] {
        var found: [String: SignerData] = [:]
        // In chunks: SQLite limits the number of parameters of one statement.
        for start in stride(from: 0, to: numbers.count, by: 500) {
            let chunk = Array(numbers[start..<min(numbers.count, start + 500)])
            for r in try SheetRecord.filter(chunk.contains(SheetRecord.Columns.sheetNumber)).fetchAll(db).map({ try $0.opened(cipher) }) {
                found[r.sheetNumber] = SignerData(
                    sheet: r.sheetNumber, surname: r.surname, givenNames: r.givenNames, birthDate: CalendarDay(parsing: r.birthDate),
                    street: r.street, houseNumber: r.houseNumber, postalCode: r.postalCode, city: r.city)
            }
        }
        return numbers.compactMap { found[$0] }
    }
}
