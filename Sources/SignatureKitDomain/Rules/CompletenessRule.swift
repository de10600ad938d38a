extension Rules {
    /// The fields of the form a person fills in must all be there (KWahlO § 26 Abs. 3: surname, given names, birth
    /// date, address, signature). A sheet with an empty one is stored, so every paper sheet stays accounted for, with
    /// the error finding `incomplete`: it cannot count. Sheet number, nomination and both dates are needed to store
    /// a sheet at all; their absence rejects the row instead. The collector is the campaign's own field, not part of the
    /// official form (KWahlO Anlage): it never makes a sheet incomplete.
    public static let completeness: Rule = { input in
        let s = input.sheet
        let fields: [(String, String)] = [
            ("surname", s.surname), ("given_names", s.givenNames), ("street", s.street), ("house_number", s.houseNumber),
            ("postal_code", s.postalCode), ("city", s.city),
        ]
        let missing = fields.filter { $0.1.isEmpty }.map { SheetParser.label($0.0) }
        guard !missing.isEmpty else { return [] }
        return [
            .init(
                code: "incomplete", severity: .error,
                message: "Unvollständig: \(missing.joined(separator: ", ")) \(missing.count == 1 ? "fehlt" : "fehlen"); das Formblatt zählt nicht.",
                basis: "KWahlO NRW § 26 Abs. 3")
        ]
    }
}

extension SheetInput {
    /// Whether a name is missing: such a sheet takes no part in the duplicate search (empty names would match).
    package var lacksName: Bool { surname.isEmpty || givenNames.isEmpty }
}
