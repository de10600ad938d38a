/// The entry service every front end uses (the interactive `sig-cli add`, its flags, the web form): check a field
/// as it is typed, check a whole sheet, record it, and describe the outcome in German.
///
/// ```swift
/// let entry = SheetEntry(database: db, enteredBy: "aylin")
/// if case .problem(let text) = try entry.check(field: "born", value: "31.02.1990") { print(text) }
/// let outcome = try entry.record(["sheet": "F7", "nomination": "ward:3", …])
/// print(outcome.germanLines.joined(separator: "\n"))
/// ```
public struct SheetEntry: Sendable {
    public let database: SignatureDatabase
    public let enteredBy: String

    public init(database: SignatureDatabase, enteredBy: String) {
        self.database = database
        self.enteredBy = enteredBy
    }

    /// A field of the paper form, in the paper's order: its CSV name and German label.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var label: String
    }

    /// The form's fields in the paper's order (the CSV columns).
    public static let fields: [Field] = SheetParser.columns.map { Field(name: $0.0, label: $0.1.first ?? $0.0) }

    /// The reminder a collector reads once per session: the paper form does not ask for citizenship.
    public static let citizenshipReminder =
        "Hinweis: Unterschreiben dürfen nur Deutsche und Unionsbürger (KWahlG NRW § 7). Das Formblatt fragt die "
        + "Staatsangehörigkeit nicht ab – beim Sammeln nachfragen. Kommt ein Formblatt vom Wahlamt deshalb zurück: "
        + "Ablehnungsgrund not-eligible (nicht wahlberechtigt)."

    /// Fields a volunteer usually keeps from one sheet to the next at a stand.
    public static let keptFields = ["nomination", "signed_on", "collector", "city", "postal_code"]

    /// The verdict on one typed field.
    public enum FieldCheck: Sendable, Equatable {
        case ok
        /// The value cannot be used: ask again.
        case problem(String)
        /// The value is taken, but the sheet will not count or needs a look.
        case warning(String)
    }

    /// Checks one field as it is typed: its form, a sheet number already stored, a nomination of another election,
    /// a signer too young on election day.
    public func check(field: String, value raw: String) throws -> FieldCheck {
        let value = raw.trimmedASCII
        if let problem = SheetParser.problem(field: field, value: value) { return .problem(problem) }
        if value.isEmpty { return .warning("fehlt – das Formblatt wird als unvollständig gespeichert und zählt nicht") }
        switch field {
        case "sheet":
            if try database.sheetExists(value) {
                return .problem("\(value.uppercased()) ist bereits erfasst – Nummer auf dem Formblatt prüfen")
            }
        case "nomination":
            if let n = NominationID(value), !database.election.contains(n) {
                return .problem("\(n) gibt es in dieser Wahl nicht")
            }
        case "born":
            if let d = CalendarDay(parsing: value), d > database.election.latestBirthDate {
                return .warning(
                    "am Wahltag jünger als \(database.election.minimumAge.value) – Formblatt kann nicht zählen")
            }
        default: break
        }
        return .ok
    }

    /// Checks a whole sheet given by field name: every field's form and the nomination.
    public func check(_ values: [String: String]) -> Result<SheetInput, FieldProblems> {
        switch SheetParser.parse(values) {
        case .failure(let problems):
            return .failure(problems)
        case .success(let input):
            guard database.election.contains(input.nomination) else {
                return .failure(
                    FieldProblems(items: [
                        .init(field: SheetParser.label("nomination"), reason: "\(quote(input.nomination)) gibt es in dieser Wahl nicht")
                    ]))
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

        /// The outcome in German, without personal data.
        public var germanLines: [String] {
            switch self {
            case .invalid(let problems): problems.items.map { "Fehler: Feld \(quote($0.field)): \($0.reason)" }
            case .recorded(let outcome): outcome.germanLines
            case .awaitingSecond(let sheet): [Self.awaitingText(sheet)]
            case .mismatch(let sheet, let fields): [Self.mismatchText(sheet, fields)]
            }
        }

        public static func awaitingText(_ sheet: String) -> String {
            "\(sheet): erste Eingabe gespeichert – zählt erst, wenn eine zweite Person das Formblatt gleich eingibt (Doppelerfassung)."
        }

        public static func mismatchText(_ sheet: String, _ fields: [String]) -> String {
            "\(sheet): weicht von der ersten Eingabe ab (\(fields.map(SheetParser.label).joined(separator: ", "))); die Organisation entscheidet in der Prüfung."
        }
    }

    /// Checks and stores one sheet given by field name (with double entry, as one of its two entries).
    public func record(_ values: [String: String], clientID: String? = nil, today: CalendarDay = .today()) throws -> Outcome {
        switch check(values) {
        case .failure(let problems): return .invalid(problems)
        case .success(let input):
            guard try database.doubleEntry() else { return .recorded(try record(input, today: today)) }
            return try Self.outcome(database.enterTwice(input, by: enteredBy, clientID: clientID, today: today))
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
    public func record(_ input: SheetInput, today: CalendarDay = .today()) throws -> RecordOutcome {
        try database.record(input, enteredBy: enteredBy, today: today)
    }
}
