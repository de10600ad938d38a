extension Rules {
    /// The signer must live in the city (KWahlG § 7): city name and postal code.
    public static let residence: Rule = { input in
        let e = input.election
        var out: [Finding] = []
        // "Krefeld", "KREFELD" and "Krefeld-Uerdingen" (with the city part) all name the city.
        // An empty city is reported once, as incomplete (``Rules/completeness``).
        if input.sheet.city.isEmpty { return [] }
        // A statewide or Kreis election without a list of its municipalities checks no place name (data, not kind).
        guard e.checksResidenceByCity else { return [] }
        let city = Normalizer.nameKey(input.sheet.city)
        let expected = Normalizer.nameKey(e.city)
        if city != expected && !city.hasPrefix(expected + " ") {
            out.append(
                .init(
                    code: "not-resident", severity: .error,
                    message: "Wohnort ist nicht \(e.city): nur Wahlberechtigte mit Hauptwohnung in \(e.city) können unterschreiben.",
                    basis: e.signers?.basis ?? "KWahlG NRW § 7"))
        } else if !input.sheet.postalCode.isEmpty && !e.postalCodes.value.isEmpty && !e.postalCodes.value.contains(input.sheet.postalCode) {
            out.append(
                .init(
                    code: "postal-code-unknown", severity: e.postalCodes.confirmed ? .error : .warning,
                    message: "Die Postleitzahl gehört nicht zu den bekannten Postleitzahlen von \(e.city).",
                    basis: e.postalCodes.basis))
        }
        return out
    }
}
