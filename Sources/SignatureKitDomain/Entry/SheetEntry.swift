/// The entry service every front end uses (the interactive `sig-cli add`, its flags, the web form): check a field
/// as it is typed, check a whole sheet, record it, and describe the outcome in German.
///
/// ```swift
/// let entry = SheetEntry(backend: db, enteredBy: "aylin")
/// if case .problem(let text) = try await entry.check(field: "born", value: "31.02.1990") { print(text) }
/// let outcome = try await entry.record(["sheet": "F7", "nomination": "ward:3", …])
/// print(try await entry.verdict(outcome).germanLines.joined(separator: "\n"))
/// ```
///
/// It holds the campaign's ports, never a backend's own type: the same service runs on the SQLite file and on a
/// server database.
public struct SheetEntry: Sendable {
    public let backend: any CampaignBackend
    /// Who types: the account and its role.
    public let actor: Actor

    public init(backend: any CampaignBackend, enteredBy: String, role: AccountRole = .volunteer) {
        self.backend = backend
        self.actor = Actor(account: enteredBy, role: role)
    }

    public var enteredBy: String { actor.account }
    public var election: Election { backend.election }

    /// A field of the paper form, in the paper's order: its CSV name and German label.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var label: String
    }

    /// The form's fields in the paper's order (the CSV columns).
    public static let fields: [Field] = SheetParser.columns.map { Field(name: $0.0, label: $0.1.first ?? $0.0) }

    /// The reminder a collector reads once per session: the paper form does not ask for citizenship.
    public var citizenshipReminder: String { election.signerReminder }

    /// Fields a volunteer usually keeps from one sheet to the next at a stand.
    public static let keptFields = ["nomination", "signed_on", "collector", "city", "postal_code"]

    /// The verdict on one typed field.
    public enum FieldCheck: Sendable, Equatable {
        case ok
        /// The value cannot be used: ask again.
        case problem(String)
        /// The value is taken, but the sheet needs a look.
        case warning(String)
        /// The value is taken (every paper sheet stays accounted for), but the sheet cannot count.
        case cannotCount(String)
    }

    /// Checks one field as it is typed: its form, a sheet number already stored, a nomination of another election,
    /// a signer too young on election day.
    public func check(field: String, value raw: String) async throws -> FieldCheck {
        let value = raw.trimmedASCII
        if let problem = SheetParser.problem(field: field, value: value, election: election) { return .problem(problem) }
        if value.isEmpty {
            return field == "collector" ? .ok : .warning("fehlt – das Formblatt wird als unvollständig gespeichert und zählt nicht")
        }
        switch field {
        case "sheet":
            if try await backend.hasSheet(value) {
                return .problem("\(value.uppercased()) ist bereits erfasst – Nummer auf dem Formblatt prüfen")
            }
        case "nomination":
            if let n = SheetParser.nomination(value, election: election), let refusal = election.entryRefusal(n) {
                return .problem(refusal)
            }
        case "born":
            if let d = SheetParser.birthDate(value, election: election), d > election.latestBirthDate {
                return .cannotCount(
                    "am Wahltag jünger als \(election.minimumAge.value) – Formblatt kann nicht zählen")
            }
        default: break
        }
        return .ok
    }

    /// Checks a whole sheet given by field name: every field's form and the nomination.
    public func check(_ values: [String: String]) -> Result<SheetInput, FieldProblems> {
        switch SheetParser.parse(values, election: election) {
        case .failure(let problems):
            return .failure(problems)
        case .success(let input):
            if let refusal = election.entryRefusal(input.nomination) {
                return .failure(FieldProblems(items: [.init(field: SheetParser.label("nomination"), reason: refusal)]))
            }
            return .success(input)
        }
    }

    /// What became of a sheet handed to ``record(_:today:)``.
    public enum Outcome: Sendable, Equatable {
        /// A field was malformed: nothing stored.
        case invalid(FieldProblems)
        /// Handed to the database: stored, already present or a conflicting number.
        case recorded(RecordOutcome)
        /// Double entry: the first entry of this sheet waits for a second person's.
        case awaitingSecond(sheet: String)
        /// Double entry: the second entry differs from the first in these fields (CSV names).
        case mismatch(sheet: String, fields: [String])

        /// Whether the sheet can count.
        public var canCount: Bool {
            if case .recorded(let r) = self { return r.canCount }
            return false
        }

        public static func awaitingText(_ sheet: String) -> String {
            "\(sheet): erste Eingabe gespeichert – zählt erst, wenn eine zweite Person das Formblatt gleich eingibt (Doppelerfassung)."
        }

        /// The typist is not told which fields differ (that would let one converge without the paper); the organizers
        /// see them side by side in the review.
        public static func mismatchText(_ sheet: String, _ fields: [String]) -> String {
            "\(sheet): weicht von der anderen Eingabe ab; die Organisation entscheidet in der Prüfung."
        }
    }

    /// The whole verdict on an outcome (what every front end renders): rule findings and every pair, in German.
    /// A sheet sent again is described as it is stored now.
    public func verdict(_ outcome: Outcome, values: [String: String] = [:]) async throws -> SheetVerdict {
        switch outcome {
        case .invalid(let problems):
            return SheetVerdict(sheet: (values["sheet"] ?? "").trimmedASCII.uppercased(), problems: problems)
        case .recorded(let r):
            let stored: SheetDetail? = if case .alreadyPresent(let sheet) = r { try await backend.sheetInfo(sheet) } else { nil }
            return SheetVerdict(r, election: election, stored: stored)
        case .awaitingSecond(let sheet):
            return SheetVerdict(sheet: sheet, state: .awaitingSecondEntry, counts: false, items: [])
        case .mismatch(let sheet, let fields):
            return SheetVerdict(
                sheet: sheet, state: .mismatch, counts: false,
                items: [
                    .init(code: "double-entry-mismatch", severity: .warning, message: Outcome.mismatchText(sheet, fields))
                ])
        }
    }

    /// Checks and stores one sheet given by field name (with double entry, as one of its two entries).
    public func record(_ values: [String: String], clientID: String? = nil, today: CalendarDay = .today()) async throws -> Outcome {
        switch check(values) {
        case .failure(let problems): return .invalid(problems)
        case .success(let input):
            guard try await backend.requiresDoubleEntry() else { return .recorded(try await record(input, today: today)) }
            return Self.outcome(try await backend.enterTwice(input, by: actor, clientID: clientID, today: today))
        }
    }

    /// The entry service's outcome for a double-entry result.
    public static func outcome(_ result: DoubleEntryOutcome) -> Outcome {
        switch result {
        case .awaitingSecond(let sheet): .awaitingSecond(sheet: sheet)
        case .recorded(let outcome): .recorded(outcome)
        case .mismatch(let sheet, let fields): .mismatch(sheet: sheet, fields: fields)
        }
    }

    /// Stores one checked sheet: every rule and the duplicate search, in one transaction.
    public func record(_ input: SheetInput, today: CalendarDay = .today()) async throws -> RecordOutcome {
        guard let outcome = try await backend.record(batch: [(input, enteredBy)], today: today).first else {
            throw SignatureKitError.sheetNotFound(input.sheetNumber)
        }
        return outcome
    }

    /// The stored values of a sheet by CSV field name, as a person would type them (a recorded read of personal data).
    public func storedValues(of number: String, purpose: PersonalDataPurpose = .amendment) async throws -> [String: String] {
        let detail = try await backend.sheetInfo(number)
        guard let signer = try await backend.signers([detail.sheet], purpose: purpose, by: actor).first else {
            throw SignatureKitError.sheetNotFound(detail.sheet)
        }
        return Self.values(detail, signer)
    }

    /// A stored sheet by CSV field name, dates as Germans type them: what a correction form is filled with.
    public static func values(_ detail: SheetDetail, _ signer: SignerData) -> [String: String] {
        [
            "sheet": detail.sheet, "nomination": detail.nomination?.description ?? "", "surname": signer.surname,
            "given_names": signer.givenNames, "born": signer.birthDate?.german ?? "", "street": signer.street,
            "house_number": signer.houseNumber, "postal_code": signer.postalCode, "city": signer.city,
            "signed_on": detail.signedOn?.german ?? "", "collector": detail.collector,
        ]
    }

    /// What became of an organizer's correction.
    public enum Amendment: Sendable, Equatable {
        /// A field was malformed (or the number was changed): nothing changed.
        case invalid(FieldProblems)
        /// Stored (or the values were the same): the sheet as it stands now.
        case done(AmendOutcome, SheetVerdict)
    }

    /// An organizer's correction of any sheet: `changes` (CSV field names) over the stored values, checked like an
    /// entry, then the backend's ``EntryStore/amend(_:reason:confirmed:by:today:)`` as the person `enteredBy`.
    public func amend(
        _ number: String, changes: [String: String], reason: String, confirmed: Bool = false, today: CalendarDay = .today()
    ) async throws -> Amendment {
        var values = try await storedValues(of: number)
        if let asked = changes["sheet"], asked.trimmedASCII.uppercased() != values["sheet"] {
            return .invalid(FieldProblems(items: [.init(field: SheetParser.label("sheet"), reason: "eine Korrektur ändert die Nummer nicht")]))
        }
        for (field, value) in changes where field != "sheet" {
            guard SheetParser.columns.contains(where: { $0.0 == field }) else {
                return .invalid(FieldProblems(items: [.init(field: field, reason: "unbekanntes Feld")]))
            }
            values[field] = value
        }
        switch check(values) {
        case .failure(let problems): return .invalid(problems)
        case .success(let input):
            let outcome = try await backend.amend(input, reason: reason, confirmed: confirmed, by: actor, today: today)
            return .done(outcome, SheetVerdict(corrected: try await backend.sheetInfo(input.sheetNumber), election: election))
        }
    }
}

extension SheetEntry {
    /// Puts an answer that named other sheets of the same person on the record, as a read of those sheets (probing).
    public func noteDuplicateAnswer(_ verdict: SheetVerdict) async throws {
        let others = verdict.items.compactMap { $0.isPair ? $0.sheet : nil }
        try await backend.noteDuplicateAnswer(sheet: verdict.sheet, others: others, by: actor)
    }
}
