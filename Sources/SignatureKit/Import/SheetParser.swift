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
    public static func problem(field: String, value raw: String) -> String? {
        let value = raw.trimmedASCII
        if value.isEmpty { return "darf nicht leer sein" }
        switch field {
        case "sheet":
            return value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "/" }) && value.count <= 32
                ? nil : "nur Buchstaben, Ziffern, - und / (höchstens 32 Zeichen), z. B. F000014"
        case "nomination":
            return NominationID(value) == nil ? "unbekannt; erlaubt: ward:12, list, mayor, district:Nord" : nil
        case "born", "signed_on":
            return CalendarDay(parsing: value) == nil ? "„\(value)“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)" : nil
        case "postal_code":
            return value.count == 5 && value.allSatisfy(\.isNumber) ? nil : "Postleitzahl muss fünfstellig sein"
        case "house_number":
            return value.first?.isNumber == true ? nil : "Hausnummer muss mit einer Ziffer beginnen"
        case "surname", "given_names", "street", "city", "collector":
            return value.count > 100 ? "zu lang (höchstens 100 Zeichen)" : nil
        default:
            return nil
        }
    }

    /// Builds a sheet from field values, or returns every problem found (field, reason).
    public static func parse(_ values: [String: String]) -> Result<SheetInput, FieldProblems> {
        var problems: [FieldProblems.Item] = []
        for (field, _) in columns {
            if let p = problem(field: field, value: values[field] ?? "") { problems.append(.init(field: label(field), reason: p)) }
        }
        guard problems.isEmpty,
            let nomination = NominationID(values["nomination"] ?? ""),
            let born = CalendarDay(parsing: values["born"] ?? ""),
            let signed = CalendarDay(parsing: values["signed_on"] ?? "")
        else { return .failure(FieldProblems(items: problems)) }
        let v = { (k: String) in (values[k] ?? "").trimmedASCII }
        return .success(
            SheetInput(
                sheetNumber: v("sheet").uppercased(), nomination: nomination, surname: v("surname"),
                givenNames: v("given_names"), birthDate: born, street: v("street"), houseNumber: v("house_number"),
                postalCode: v("postal_code"), city: v("city"), signedOn: signed, collector: v("collector")))
    }
}

/// The problems of one form's fields (German field labels and reasons).
public struct FieldProblems: Error, Sendable {
    public struct Item: Sendable {
        public var field: String
        public var reason: String
    }
    public var items: [Item]
}
