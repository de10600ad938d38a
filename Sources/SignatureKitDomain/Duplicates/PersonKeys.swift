/// The comparison and blocking keys of one signer, computed once when the sheet is stored.
public struct PersonKeys: Sendable, Equatable {
    public var surname: String
    public var givenNames: String
    public var firstGiven: String
    public var birthDate: CalendarDay
    /// Kölner Phonetik of the surname and of the first given name (blocking).
    public var surnameCode: String
    public var givenCode: String
    /// Normalised street and house number.
    public var addressKey: String

    /// The birth date with day and month sorted, so that a swapped date gives the same key.
    public var birthKey: Int {
        birthDate.year * 10000 + min(birthDate.day, birthDate.month) * 100 + max(birthDate.day, birthDate.month)
    }

    public init(_ sheet: SheetInput) {
        self.init(
            surname: sheet.surname, givenNames: sheet.givenNames, birthDate: sheet.birthDate,
            street: sheet.street, houseNumber: sheet.houseNumber)
    }

    public init(surname: String, givenNames: String, birthDate: CalendarDay, street: String, houseNumber: String) {
        self.surname = Normalizer.nameKey(surname)
        self.givenNames = Normalizer.nameKey(givenNames)
        self.firstGiven = self.givenNames.split(separator: " ").first.map(String.init) ?? ""
        self.birthDate = birthDate
        // The keys are folded already: the phonetic code needs no second fold.
        self.surnameCode = ColognePhonetics.code(folded: self.surname)
        self.givenCode = ColognePhonetics.code(folded: self.firstGiven)
        self.addressKey = "\(Normalizer.streetKey(street))|\(Normalizer.houseNumberKey(houseNumber))"
    }

    /// Restores keys from stored columns (no recomputation of the phonetic codes).
    package init(
        stored surname: String, givenNames: String, birthDate: CalendarDay, surnameCode: String, givenCode: String,
        addressKey: String
    ) {
        self.surname = surname
        self.givenNames = givenNames
        self.firstGiven = Normalizer.words(givenNames).first.map(String.init) ?? ""
        self.birthDate = birthDate
        self.surnameCode = surnameCode
        self.givenCode = givenCode
        self.addressKey = addressKey
    }
}
