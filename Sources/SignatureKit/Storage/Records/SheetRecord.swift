import GRDB

/// A stored sheet (*Formblatt*), one signer: the table `sheet`.
///
/// Internal to Storage: it carries the signer's personal data, which leaves Storage only through
/// ``SignatureDatabase/personalData(of:purpose:)``.
struct SheetRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "sheet"
    var id: Int64?
    var sheetNumber: String
    var nomination: String
    var kind: NominationKind
    var surname: String
    var givenNames: String
    var birthDate: String
    var street: String
    var houseNumber: String
    var postalCode: String
    var city: String
    var signedOn: String
    var collector: String
    var enteredBy: String
    var enteredAt: String
    var enteredOn: String
    var status: SheetStatus
    var rejectReason: RejectReason?
    var statusChangedAt: String?
    var addressWard: Int?
    var addressDistrict: String?
    var hasError: Bool
    var duplicateOf: Int64?
    var surnameKey: String
    var givenKey: String
    var surnameCode: String
    var givenCode: String
    var addressKey: String
    var birthKey: Int
    /// In an encrypted database: all signer fields sealed together (the plain columns are empty then).
    var sealed: String?

    enum Columns {
        static let sheetNumber = Column(CodingKeys.sheetNumber)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    init(
        _ input: SheetInput, keys: PersonKeys, enteredBy: String, enteredAt: String, enteredOn: CalendarDay,
        address: AddressLookup, hasError: Bool
    ) {
        sheetNumber = input.sheetNumber
        nomination = input.nomination.description
        kind = input.nomination.kind
        surname = input.surname
        givenNames = input.givenNames
        birthDate = input.birthDate.iso
        street = input.street
        houseNumber = input.houseNumber
        postalCode = input.postalCode
        city = input.city
        signedOn = input.signedOn.iso
        collector = input.collector
        self.enteredBy = enteredBy
        self.enteredAt = enteredAt
        self.enteredOn = enteredOn.iso
        status = .entered
        if case .found(let ward, let district) = address {
            addressWard = ward
            addressDistrict = district
        }
        self.hasError = hasError
        surnameKey = keys.surname
        givenKey = keys.givenNames
        surnameCode = keys.surnameCode
        givenCode = keys.givenCode
        addressKey = keys.addressKey
        birthKey = keys.birthKey
    }

    /// The record as stored in an encrypted database: signer fields sealed in one blob, blocking keys hashed.
    func sealed(_ c: FieldCipher) -> SheetRecord {
        guard let input else {
            // A purged or unreadable sheet: nothing left to seal.
            var r = self
            r.sealed = nil
            return r
        }
        return sealed(c.seal(input, keys: PersonKeys(input)))
    }

    /// The record with a sealed sheet computed elsewhere (the import's parsing thread).
    func sealed(_ s: FieldCipher.SealedSheet) -> SheetRecord {
        var r = self
        (r.surname, r.givenNames, r.birthDate, r.street, r.houseNumber, r.postalCode, r.city) = ("", "", "", "", "", "", "")
        r.sealed = s.blob
        r.surnameKey = s.surnameKey
        r.givenKey = s.givenKey
        r.surnameCode = s.surnameCode
        r.givenCode = s.givenCode
        r.addressKey = s.addressKey
        r.birthKey = s.birthKey
        return r
    }

    /// The record with its signer fields decrypted (the same record when there is no cipher or nothing sealed).
    func opened(_ c: FieldCipher?) throws -> SheetRecord {
        guard let c, let sealed else { return self }
        let f = try c.openFields(sealed)
        var r = self
        (r.surname, r.givenNames, r.birthDate, r.street, r.houseNumber, r.postalCode, r.city) = (f[0], f[1], f[2], f[3], f[4], f[5], f[6])
        r.sealed = nil
        return r
    }

    /// The form data as entered (of a plain or opened record).
    var input: SheetInput? {
        guard let n = NominationID(nomination), let b = CalendarDay(parsing: birthDate),
            let s = CalendarDay(parsing: signedOn)
        else { return nil }
        return SheetInput(
            sheetNumber: sheetNumber, nomination: n, surname: surname, givenNames: givenNames, birthDate: b,
            street: street, houseNumber: houseNumber, postalCode: postalCode, city: city, signedOn: s,
            collector: collector)
    }

    /// Where the sheet stands for counting.
    var standing: SheetStanding { SheetStanding(status: status, hasError: hasError, isDuplicate: duplicateOf != nil) }

    static let insertSQL = """
        INSERT INTO sheet(sheetNumber, nomination, kind, surname, givenNames, birthDate, street, houseNumber, postalCode,
          city, signedOn, collector, enteredBy, enteredAt, enteredOn, status, addressWard, addressDistrict, hasError,
          surnameKey, givenKey, surnameCode, givenCode, addressKey, birthKey, sealed)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Inserts a new sheet through the prepared hot-path statement; returns SQLite's (extended) result code.
    func insert(using statement: RawStatement) -> Int32 {
        let texts: [String?] = [
            sheetNumber, nomination, kind.rawValue, surname, givenNames, birthDate, street, houseNumber, postalCode,
            city, signedOn, collector, enteredBy, enteredAt, enteredOn, status.rawValue,
        ]
        for (i, t) in texts.enumerated() { statement.bind(Int32(i + 1), t) }
        statement.bind(17, addressWard)
        statement.bind(18, addressDistrict)
        statement.bind(19, hasError ? 1 : 0)
        statement.bind(20, surnameKey)
        statement.bind(21, givenKey)
        statement.bind(22, surnameCode)
        statement.bind(23, givenCode)
        statement.bind(24, addressKey)
        statement.bind(25, birthKey)
        statement.bind(26, sealed)
        return statement.run()
    }
}
