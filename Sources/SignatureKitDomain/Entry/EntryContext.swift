import Foundation

/// Everything a device needs to check a sheet without the server (the web entry page keeps it for offline use):
/// the campaign's nominations with their German labels and meeting dates, election day, the age cut-off, the deadline,
/// the city and its postal codes, and the street directory where one is loaded. Contains no personal data.
///
/// The page's checks (`rules.js`) apply the same rules with the same German texts; a browser test runs one corpus of
/// sheets through both.
public struct EntryContext: Sendable, Encodable, Equatable {
    public struct Nomination: Sendable, Encodable, Equatable {
        public var id: String
        public var label: String
        public var kind: String
        /// The meeting date (ISO) when set; signatures before it do not count.
        public var meetingDate: String?
        /// Whether the campaign runs it (only those are offered; the others are refused with their own message).
        public var campaign: Bool
        /// The ward's name where the election data has one.
        public var name: String?
    }

    public struct Street: Sendable, Encodable, Equatable {
        public var street: String
        public var from: Int?
        public var to: Int?
        public var parity: String
        public var ward: Int
        public var district: String?
    }

    public struct Legal<T: Sendable & Encodable & Equatable>: Sendable, Encodable, Equatable {
        public var value: T
        public var basis: String
        public var confirmed: Bool
    }

    public var election: String
    public var city: String
    /// Whether the place of residence is checked against ``city`` (election data).
    public var residenceByCity: Bool
    /// Who may sign, as the collector must ask it.
    public var signerReminder: String
    public var electionDay: String
    public var electionDayGerman: String
    public var minimumAge: Legal<Int>
    /// Born on or before this day (ISO) means old enough on election day.
    public var latestBirthDate: String
    public var deadlineDay: String
    public var deadlineText: String
    public var deadlineBasis: String
    public var earliestMeeting: Legal<String>?
    public var postalCodes: Legal<[String]>
    public var nominations: [Nomination]
    /// The day the server checks against (ISO): the device moves on from it by its own clock.
    public var today: String
    /// `nil` without a street directory.
    public var streets: [Street]?
    /// The form's fields (CSV names) that may be empty; others are required to store a sheet.
    public var optionalFields: [String]
    /// The German texts of field problems, as the server says them.
    public var problems: [String: String]

    /// The context of a campaign's database on `today`.
    public init(backend: any CampaignBackend, today: CalendarDay) async throws {
        let e = backend.election
        let meetings = try await backend.nominationMeetings()
        election = e.id
        city = e.city
        residenceByCity = e.checksResidenceByCity
        signerReminder = e.signerReminder
        electionDay = e.day.iso
        electionDayGerman = e.day.german
        minimumAge = Legal(value: e.minimumAge.value, basis: e.minimumAge.basis, confirmed: e.minimumAge.confirmed)
        latestBirthDate = e.latestBirthDate.iso
        deadlineDay = e.deadlineDay.iso
        deadlineText = e.deadlineText
        deadlineBasis = e.nominationDeadline.basis
        earliestMeeting = e.earliestNominationMeeting.map { Legal(value: $0.value.iso, basis: $0.basis, confirmed: $0.confirmed) }
        postalCodes = Legal(value: e.postalCodes.value, basis: e.postalCodes.basis, confirmed: e.postalCodes.confirmed)
        nominations = e.allNominations.map { n in
            let name: String? =
                switch n {
                case .ward(let number): e.ward(number)?.name
                case .constituency(let number): e.constituency(number)?.name
                default: nil
                }
            return Nomination(
                id: n.description, label: e.label(n), kind: n.kind.rawValue, meetingDate: meetings[n]?.iso, campaign: e.runs(n), name: name)
        }
        self.today = today.iso
        let directory = try await backend.streetList()
        streets =
            directory.isEmpty
            ? nil
            : directory.map {
                Street(street: $0.street, from: $0.from, to: $0.to, parity: $0.parity.rawValue, ward: $0.ward, district: $0.district)
            }
        optionalFields = SheetParser.optionalIndices.sorted().map { SheetParser.columns[$0].0 }
        problems = [
            "empty": "darf nicht leer sein", "date": SheetParser.dateProblem, "sheet": SheetParser.sheetNumberProblem,
            "nomination": SheetParser.nominationProblem,
            "postal_code": "Postleitzahl muss fünfstellig sein", "house_number": "Hausnummer muss mit einer Ziffer beginnen",
        ]
    }
}

/// Where a typed address lies, as `GET /api/ward` answers it.
public struct WardProposal: Sendable, Equatable, Encodable {
    public var ward: String
    public var label: String
    public var district: String?
}

extension SheetEntry {
    /// The ward (and district) the street directory gives for an address, or `nil` when there is no directory or it
    /// does not know the address.
    public func proposal(street: String, houseNumber: String) async throws -> WardProposal? {
        guard case .found(let ward, let district) = try await backend.lookUp(street: street, houseNumber: houseNumber) else { return nil }
        let e = election
        return WardProposal(
            ward: NominationID.ward(ward).description, label: e.label(.ward(ward)),
            district: district.map { e.canonical(.district($0)).description })
    }

    /// The streets of the directory (distinct, sorted), for suggestions as the volunteer types.
    public func streetNames() async throws -> [String] {
        Array(Set(try await backend.streetList().map(\.street))).sorted()
    }
}
