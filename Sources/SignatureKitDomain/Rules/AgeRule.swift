extension Rules {
    /// Signers must be 16 on election day (KWahlG § 7): born on or before election day minus 16 years.
    ///
    /// Finding `under-age` (error). Old enough on election day but not yet at signing gives
    /// `under-age-at-signing` (warning: when eligibility counts is unconfirmed).
    public static let age: Rule = { input in
        let e = input.election
        let latest = e.latestBirthDate
        let basis = e.minimumAge.basis
        if input.sheet.birthDate > latest {
            return [
                .init(
                    code: "under-age", severity: .error,
                    message: "Am Wahltag \(e.day.german) noch nicht \(e.minimumAge.value) Jahre alt (geboren nach dem \(latest.german)).",
                    basis: basis)
            ]
        }
        let latestAtSigning = input.sheet.signedOn.subtracting(years: e.minimumAge.value)
        if input.sheet.birthDate > latestAtSigning {
            return [
                .init(
                    code: "under-age-at-signing", severity: .warning,
                    message:
                        "Bei der Unterschrift noch nicht \(e.minimumAge.value) Jahre alt; ob das Alter am Tag der Unterschrift zählt, ist unbestätigt.",
                    basis: basis)
            ]
        }
        return []
    }
}
