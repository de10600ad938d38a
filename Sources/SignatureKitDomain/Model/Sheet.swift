/// The lifecycle of a sheet (*Formblatt*).
///
/// entered → sent → certified | rejected → submitted (→ rejected by the election committee); lost or withdrawn from
/// any state before submission.
public enum SheetStatus: String, Sendable, Codable, CaseIterable {
    case entered, sent, certified, rejected, submitted, lost, withdrawn

    public var germanName: String {
        switch self {
        case .entered: "erfasst"
        case .sent: "zur Bescheinigung"
        case .certified: "bescheinigt"
        case .rejected: "abgelehnt"
        case .submitted: "eingereicht"
        case .lost: "verloren"
        case .withdrawn: "zurückgezogen"
        }
    }

    /// Parses the English code or the German word (`bescheinigt`, `abgelehnt`, …).
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let s = SheetStatus(rawValue: t) {
            self = s
            return
        }
        switch t {
        case "erfasst": self = .entered
        case "versandt", "gesendet", "zur bescheinigung": self = .sent
        case "bescheinigt", "gültig", "gueltig": self = .certified
        case "abgelehnt", "ungültig", "ungueltig": self = .rejected
        case "eingereicht": self = .submitted
        case "verloren": self = .lost
        case "zurückgezogen", "zurueckgezogen": self = .withdrawn
        default: return nil
        }
    }

    /// The statuses a sheet may move to from this one.
    public var allowedNext: Set<SheetStatus> {
        switch self {
        case .entered: [.sent, .certified, .rejected, .lost, .withdrawn]
        case .sent: [.certified, .rejected, .lost, .withdrawn]
        case .certified: [.submitted, .rejected, .lost, .withdrawn]
        // The election committee may still invalidate a signature after submission (§ 18 KWahlG: Zulassung).
        case .submitted: [.rejected]
        case .rejected, .lost, .withdrawn: []
        }
    }

    /// Sheets in these statuses can no longer count (their duplicates and conflicts no longer matter).
    public static let closed: [SheetStatus] = [.rejected, .lost, .withdrawn]

    /// Still waiting for the city's decision.
    public var isPending: Bool { self == .entered || self == .sent }
}

/// Why the election office rejected a sheet (stored as a code, never as free text about the person).
public enum RejectReason: String, Sendable, Codable, CaseIterable {
    case notEligible = "not-eligible"
    case notInWard = "not-in-ward"
    case notResident = "not-resident"
    case underAge = "under-age"
    case duplicate
    case incomplete
    case illegible
    case tooLate = "too-late"
    case other

    public var germanName: String {
        switch self {
        case .notEligible: "nicht wahlberechtigt"
        case .notInWard: "nicht im Wahlbezirk wohnhaft"
        case .notResident: "nicht in der Stadt gemeldet"
        case .underAge: "zu jung"
        case .duplicate: "Mehrfachunterschrift"
        case .incomplete: "unvollständig"
        case .illegible: "unleserlich"
        case .tooLate: "verspätet"
        case .other: "sonstiger Grund"
        }
    }

    /// Other German words an election office or a person writes for the reason.
    package static let germanWords: [String: RejectReason] = [
        "nicht im wahlbezirk": .notInWard, "falscher wahlbezirk": .notInWard, "anderer wahlbezirk": .notInWard,
        "nicht in der stadt": .notResident, "nicht gemeldet": .notResident, "kein wohnsitz": .notResident,
        "nicht wahlberechtigt (staatsangehörigkeit)": .notEligible, "keine staatsangehörigkeit": .notEligible,
        "minderjährig": .underAge, "zu jung am wahltag": .underAge, "doppelt": .duplicate, "mehrfach": .duplicate,
        "mehrfach unterschrieben": .duplicate, "zu spät": .tooLate, "nach fristende": .tooLate, "sonstiges": .other, "sonstige": .other,
        "unlesbar": .illegible,
    ]

    /// Parses the code, the German name or another German word (`nicht im Wahlbezirk`); `nil` when unknown.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let r = RejectReason(rawValue: t) {
            self = r
            return
        }
        guard let r = RejectReason.allCases.first(where: { $0.germanName.lowercased() == t }) ?? Self.germanWords[t] else { return nil }
        self = r
    }
}

/// The signer and form data of one sheet as entered (one signer per sheet).
public struct SheetInput: Sendable, Equatable {
    public var sheetNumber: String
    public var nomination: NominationID
    public var surname: String
    public var givenNames: String
    public var birthDate: CalendarDay
    public var street: String
    public var houseNumber: String
    public var postalCode: String
    public var city: String
    public var signedOn: CalendarDay
    public var collector: String

    public init(
        sheetNumber: String, nomination: NominationID, surname: String, givenNames: String, birthDate: CalendarDay,
        street: String, houseNumber: String, postalCode: String, city: String, signedOn: CalendarDay,
        collector: String
    ) {
        self.sheetNumber = sheetNumber
        self.nomination = nomination
        self.surname = surname
        self.givenNames = givenNames
        self.birthDate = birthDate
        self.street = street
        self.houseNumber = houseNumber
        self.postalCode = postalCode
        self.city = city
        self.signedOn = signedOn
        self.collector = collector
    }
}

/// Where a sheet stands for counting: the one definition of valid, pending and closed that the progress report,
/// the submission list, the certification batch and the review use.
public enum SheetStanding: String, Sendable, Codable, CaseIterable {
    /// Certified or submitted, not a duplicate: counts.
    case valid
    /// Entered or sent, no rule error, not a duplicate: waits for the city and may count.
    case pending
    /// Entered or sent with a rule error: cannot count.
    case invalid
    /// The election office rejected it.
    case rejected
    /// Lost or withdrawn.
    case lost
    /// Another sheet of the same person counts instead.
    case duplicate

    /// Classifies a sheet by its status, its rule errors and whether it is a duplicate.
    public init(status: SheetStatus, hasError: Bool, isDuplicate: Bool) {
        if isDuplicate {
            self = .duplicate
            return
        }
        switch status {
        case .certified, .submitted: self = .valid
        case .rejected: self = .rejected
        case .lost, .withdrawn: self = .lost
        case .entered, .sent: self = hasError ? .invalid : .pending
        }
    }

    /// Valid or pending: may still count.
    public var mayCount: Bool { self == .valid || self == .pending }
}
