/// Why a person reads a signer's name, birth date or address: every such read names one.
public enum PersonalDataPurpose: String, Sendable, CaseIterable {
    /// Comparing two sheets in the review queue.
    case review
    /// The submission list printed with names.
    case submissionList = "submission-list"
    /// `show --names`: one sheet.
    case show
    /// `list --names`: the list of sheets.
    case list
    /// A volunteer opening their own entry to correct it.
    case correction
    /// An organizer correcting any sheet.
    case amendment

    public var germanName: String {
        switch self {
        case .review: "Prüfung möglicher Doppelter"
        case .submissionList: "Einreichungsliste mit Namen"
        case .show: "Anzeige eines Formblatts mit Namen"
        case .list: "Liste mit Namen"
        case .correction: "Korrektur der eigenen Eingabe"
        case .amendment: "Korrektur durch die Organisation"
        }
    }
}

/// The personal data of one signer as written on the sheet.
public struct SignerData: Sendable, Equatable {
    public var sheet: String
    public var surname: String
    public var givenNames: String
    public var birthDate: CalendarDay?
    public var street: String
    public var houseNumber: String
    public var postalCode: String
    public var city: String

    /// "Müller, Anna Maria".
    public var fullName: String { "\(surname), \(givenNames)" }

    public init(
        sheet: String, surname: String, givenNames: String, birthDate: CalendarDay?, street: String, houseNumber: String, postalCode: String,
        city: String
    ) {
        self.sheet = sheet
        self.surname = surname
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.street = street
        self.houseNumber = houseNumber
        self.postalCode = postalCode
        self.city = city
    }
}

/// A pair of sheets waiting for a person's decision. Sheet numbers and nominations only: names to compare come
/// through the privacy gate with ``PersonalDataPurpose/review``.
public struct ReviewCase: Sendable, Equatable {
    /// One side of the pair.
    public struct Side: Sendable, Equatable {
        public var sheet: String
        public var nomination: String

        public init(sheet: String, nomination: String) {
            self.sheet = sheet
            self.nomination = nomination
        }
    }
    public var id: Int64
    public var kind: PairClass
    public var score: Double
    public var reasons: String
    public var first: Side
    public var second: Side

    public init(id: Int64, kind: PairClass, score: Double, reasons: String, first: Side, second: Side) {
        self.id = id
        self.kind = kind
        self.score = score
        self.reasons = reasons
        self.first = first
        self.second = second
    }
}
