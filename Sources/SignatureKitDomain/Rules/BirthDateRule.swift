extension Rules {
    /// A birth date must be plausible: not in the future, not before 1900, not after the signing date.
    public static let birthDatePlausible: Rule = { input in
        let b = input.sheet.birthDate
        let basis = "KWahlO § 26 Abs. 3 (Geburtsdatum)"
        if b > input.today || b > input.sheet.signedOn {
            return [
                .init(
                    code: "birth-date-implausible", severity: .error,
                    message: "Geburtsdatum liegt nach dem Tag der Unterschrift oder in der Zukunft.", basis: basis)
            ]
        }
        if b.year < 1900 {
            return [
                .init(
                    code: "birth-date-implausible", severity: .error,
                    message: "Geburtsdatum vor 1900 ist nicht plausibel.", basis: basis)
            ]
        }
        if input.election.day.year - b.year > 105 {
            return [
                .init(
                    code: "birth-date-check", severity: .warning,
                    message: "Unterzeichner wäre über 105 Jahre alt: Geburtsdatum prüfen.", basis: basis)
            ]
        }
        return []
    }
}
