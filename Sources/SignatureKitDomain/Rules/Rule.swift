/// Where the signer's address lies according to the street directory.
public enum AddressLookup: Sendable, Equatable {
    /// No street directory is loaded.
    case noDirectory
    /// The directory does not know this street or house number.
    case unknownStreet
    /// The directory places the address in this ward and district.
    case found(ward: Int, district: String?)
}

/// Everything a rule needs to judge one sheet: a value snapshot, no database.
public struct RuleInput: Sendable {
    public var sheet: SheetInput
    public var election: Election
    public var address: AddressLookup
    /// The date of the nomination meeting for this nomination, when known.
    public var meetingDate: CalendarDay?
    /// The day the sheet is entered (for "not in the future").
    public var today: CalendarDay

    public init(
        sheet: SheetInput, election: Election, address: AddressLookup, meetingDate: CalendarDay?, today: CalendarDay
    ) {
        self.sheet = sheet
        self.election = election
        self.address = address
        self.meetingDate = meetingDate
        self.today = today
    }
}

/// A rule is a pure function from a sheet to findings.
public typealias Rule = @Sendable (RuleInput) -> [Finding]

/// The eligibility rules applied to every sheet.
public enum Rules {
    /// All rules in the order their findings are shown.
    public static let all: [Rule] = [
        nominationExists, completeness, age, birthDatePlausible, residence, wardOrDistrict, signingDate,
    ]

    /// Runs every rule and returns the findings, errors first.
    public static func evaluate(_ input: RuleInput) -> [Finding] {
        all.flatMap { $0(input) }.sorted { $0.severity > $1.severity }
    }
}
