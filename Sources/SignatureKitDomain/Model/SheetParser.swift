/// Turns the text fields of one form (a CSV row, the `add` flags or prompts) into a ``SheetInput``.
public enum SheetParser {
    /// The CSV columns in order, with their German headers.
    public static let columns: [(String, [String])] = [
        ("sheet", ["Formblatt", "Blatt", "Nr"]),
        ("nomination", ["Wahlvorschlag"]),
        ("surname", ["Familienname", "Nachname", "Name"]),
        ("given_names", ["Vornamen", "Vorname", "givennames"]),
        ("born", ["Geburtsdatum", "geboren", "birth_date"]),
        ("street", ["Straße", "Strasse"]),
        ("house_number", ["Hausnummer", "Hausnr"]),
        ("postal_code", ["PLZ", "Postleitzahl"]),
        ("city", ["Ort", "Wohnort"]),
        ("signed_on", ["Unterschrieben am", "Datum der Unterschrift", "Unterschriftsdatum"]),
        ("collector", ["Sammler", "Sammlerin"]),
    ]

    /// The German label of a field, for messages.
    public static func label(_ field: String) -> String {
        columns.first { $0.0 == field }?.1.first ?? field
    }

    /// Checks one field on its own (used by the interactive prompt as each value is typed).
    ///
    /// - Returns: `nil` when the value is acceptable, otherwise the German reason.
    public static func problem(field: String, value raw: String, election: Election? = nil) -> String? {
        guard let index = columns.firstIndex(where: { $0.0 == field }) else { return nil }
        return problem(index: index, value: raw.trimmedASCII, election: election)
    }

    /// A typed nomination: the code (`ward:12`), a German label (`Wahlbezirk 12`, `Reserveliste`), a bare ward number
    /// (`12`) or, with the election, a ward's name.
    public static func nomination(_ text: String, election: Election?) -> NominationID? {
        election?.nomination(parsing: text) ?? NominationID(text)
    }

    /// A typed birth date (two-digit years: an age of 0–99 on election day; without an election, on today).
    public static func birthDate(_ text: String, election: Election?) -> CalendarDay? {
        CalendarDay(typed: text, twoDigitYear: .birth(electionDay: election?.day ?? .today()))
    }

    /// A typed signing date (two-digit years: 20JJ).
    public static func signingDate(_ text: String) -> CalendarDay? {
        CalendarDay(typed: text, twoDigitYear: .signing)
    }

    /// The German reason for a sheet number that is not as printed on the paper.
    public static let sheetNumberProblem = "nur Buchstaben A–Z, Ziffern und - (höchstens 32 Zeichen), z. B. F000014"

    /// The German reason for a date that cannot be read.
    public static let dateProblem = "kein gültiges Datum (TT.MM.JJJJ, TTMMJJJJ, TT.MM.JJ oder JJJJ-MM-TT)"

    /// The German reason for a nomination that cannot be read.
    public static let nominationProblem =
        "unbekannt; erlaubt z. B. 12 oder Wahlbezirk 12, Reserveliste, Oberbürgermeister/in, Bezirksvertretung Nord"

    /// Fields that may be empty: the sheet is then stored as incomplete (``Rules/completeness``) and does not count.
    /// The collector (index 10) is the campaign's own field, not part of the official form: never required.
    package static let optionalIndices: Set<Int> = [2, 3, 5, 6, 7, 8, 10]

    /// The check of the field at `index` in ``columns`` on a trimmed value.
    package static func problem(index: Int, value: String, election: Election? = nil) -> String? {
        if value.isEmpty { return optionalIndices.contains(index) ? nil : "darf nicht leer sein" }
        if value.unicodeScalars.contains(where: \.isControlOrBidi) {
            return "enthält Steuerzeichen (Zeilenumbruch, Tabulator, Escape, Nullbyte oder Schreibrichtung); bitte neu eintippen"
        }
        switch index {
        case 0:  // sheet
            // What is printed on the paper: A–Z, digits and -. Upper-casing cannot make it longer, and every accepted
            // number is reachable as a path (/api/sheets/F-1).
            return value.utf8.count <= 32
                && value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D })
                ? nil : sheetNumberProblem
        case 1:  // nomination
            return nomination(value, election: election) == nil ? nominationProblem : nil
        case 4:  // born
            return birthDate(value, election: election) == nil ? dateProblem : nil
        case 9:  // signed_on
            return signingDate(value) == nil ? dateProblem : nil
        case 7:  // postal_code
            return value.utf8.count == 5 && value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? nil : "Postleitzahl muss fünfstellig sein"
        case 6:  // house_number
            return value.utf8.first.map({ $0 >= 0x30 && $0 <= 0x39 }) == true ? nil : "Hausnummer muss mit einer Ziffer beginnen"
        default:  // names, street, city, collector
            // Counted in Unicode scalars and bytes, not in what a font draws as one letter (a run of Hangul jamo is one
            // "character" of any length).
            return value.unicodeScalars.count > 100 || value.utf8.count > 400 ? "zu lang (höchstens 100 Zeichen)" : nil
        }
    }

    /// Builds a sheet from field values by name, or returns every problem found (field, reason).
    public static func parse(_ values: [String: String], election: Election? = nil) -> Result<SheetInput, FieldProblems> {
        parse(ordered: columns.map { (values[$0.0] ?? "").trimmedASCII }, election: election)
    }

    /// Builds a sheet from trimmed values in the order of ``columns`` (the import's hot path: each value is
    /// checked and converted once).
    package static func parse(ordered v: [String], election: Election? = nil) -> Result<SheetInput, FieldProblems> {
        parse(ordered: v, election: election, nomination: nomination(v[1], election: election))
    }

    /// The same with the nomination (`v[1]`) already read as ``nomination(_:election:)`` reads it: an import reads each
    /// spelling once (a file has a few dozen, read a million times they cost 5 % of the import's CPU).
    package static func parse(ordered v: [String], election: Election?, nomination: NominationID?) -> Result<SheetInput, FieldProblems> {
        var problems: [FieldProblems.Item] = []
        let born = birthDate(v[4], election: election)
        let signed = signingDate(v[9])
        for index in columns.indices {
            let ok: Bool
            switch index {
            case 1: ok = nomination != nil
            case 4: ok = born != nil
            case 9: ok = signed != nil
            default: ok = false
            }
            if !ok, let p = problem(index: index, value: v[index], election: election) {
                problems.append(.init(field: columns[index].1.first ?? columns[index].0, reason: p, value: v[index]))
            }
        }
        guard problems.isEmpty, let nomination, let born, let signed else { return .failure(FieldProblems(items: problems)) }
        return .success(
            SheetInput(
                sheetNumber: v[0].uppercased(), nomination: nomination, surname: v[2], givenNames: v[3], birthDate: born,
                street: v[5], houseNumber: v[6], postalCode: v[7], city: v[8], signedOn: signed, collector: v[10]))
    }
}

/// The problems of one form's fields (German field labels and reasons).
public struct FieldProblems: Error, Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var field: String
        public var reason: String
        /// The value as typed: personal data, shown only when a person asked for names.
        public var value: String?

        public init(field: String, reason: String, value: String? = nil) {
            self.field = field
            self.reason = reason
            self.value = value
        }
    }
    public var items: [Item]

    public init(items: [Item]) { self.items = items }
}
