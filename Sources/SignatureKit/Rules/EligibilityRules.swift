extension Rules {
    /// The nomination must belong to the election (ward number and district name exist).
    public static let nominationExists: Rule = { input in
        input.election.contains(input.sheet.nomination)
            ? []
            : [.init(code: "unknown-nomination", severity: .error,
                message: "Wahlvorschlag \(input.sheet.nomination) gibt es in dieser Wahl nicht.",
                basis: "Wahldaten")]
    }

    /// Signers must be 16 on election day (KWahlG § 7): born on or before election day minus 16 years.
    ///
    /// Finding `under-age` (error). Old enough on election day but not yet at signing gives
    /// `under-age-at-signing` (warning: when eligibility counts is unconfirmed).
    public static let age: Rule = { input in
        let e = input.election
        let latest = e.latestBirthDate
        let basis = e.minimumAge.basis
        if input.sheet.birthDate > latest {
            return [.init(code: "under-age", severity: .error,
                message: "Am Wahltag \(e.day.german) noch nicht \(e.minimumAge.value) Jahre alt (geboren nach dem \(latest.german)).",
                basis: basis)]
        }
        let latestAtSigning = input.sheet.signedOn.subtracting(years: e.minimumAge.value)
        if input.sheet.birthDate > latestAtSigning {
            return [.init(code: "under-age-at-signing", severity: .warning,
                message: "Bei der Unterschrift noch nicht \(e.minimumAge.value) Jahre alt; ob das Alter am Tag der Unterschrift zählt, ist unbestätigt.",
                basis: basis)]
        }
        return []
    }

    /// A birth date must be plausible: not in the future, not before 1900, not after the signing date.
    public static let birthDatePlausible: Rule = { input in
        let b = input.sheet.birthDate
        let basis = "KWahlO § 26 Abs. 3 (Geburtsdatum)"
        if b > input.today || b > input.sheet.signedOn {
            return [.init(code: "birth-date-implausible", severity: .error,
                message: "Geburtsdatum liegt nach dem Tag der Unterschrift oder in der Zukunft.", basis: basis)]
        }
        if b.year < 1900 {
            return [.init(code: "birth-date-implausible", severity: .error,
                message: "Geburtsdatum vor 1900 ist nicht plausibel.", basis: basis)]
        }
        if input.election.day.year - b.year > 105 {
            return [.init(code: "birth-date-check", severity: .warning,
                message: "Unterzeichner wäre über 105 Jahre alt: Geburtsdatum prüfen.", basis: basis)]
        }
        return []
    }

    /// The signer must live in the city (KWahlG § 7): city name and postal code.
    public static let residence: Rule = { input in
        let e = input.election
        var out: [Finding] = []
        // "Krefeld", "KREFELD" and "Krefeld-Uerdingen" (with the city part) all name the city.
        let city = Normalizer.nameKey(input.sheet.city), expected = Normalizer.nameKey(e.city)
        if city != expected && !city.hasPrefix(expected + " ") {
            out.append(.init(code: "not-resident", severity: .error,
                message: "Wohnort ist nicht \(e.city): nur Wahlberechtigte mit Hauptwohnung in \(e.city) können unterschreiben.",
                basis: "KWahlG NRW § 7"))
        } else if !e.postalCodes.value.contains(input.sheet.postalCode) {
            out.append(.init(code: "postal-code-unknown", severity: e.postalCodes.confirmed ? .error : .warning,
                message: "Postleitzahl \(input.sheet.postalCode) gehört nicht zu den bekannten Postleitzahlen von \(e.city).",
                basis: e.postalCodes.basis))
        }
        return out
    }

    /// For a ward nomination the signer must live in that ward; for a district list in that district
    /// (KWahlG § 15 Abs. 2 S. 3). Without a street directory the ward stays unverified (warning).
    public static let wardOrDistrict: Rule = { input in
        let nomination = input.sheet.nomination
        guard nomination.kind == .ward || nomination.kind == .district else { return [] }
        let basis = nomination.kind == .ward ? "KWahlG NRW § 15 Abs. 2 S. 3" : "KWahlG NRW § 46a ff. (unbestätigt)"
        switch input.address {
        case .noDirectory:
            return [.init(code: "ward-unverified", severity: .warning,
                message: "Kein Straßenverzeichnis geladen: Wahlbezirk bzw. Stadtbezirk der Anschrift ungeprüft.",
                basis: basis)]
        case .unknownStreet:
            return [.init(code: "ward-unverified", severity: .warning,
                message: "Anschrift nicht im Straßenverzeichnis: Wahlbezirk bzw. Stadtbezirk ungeprüft.", basis: basis)]
        case .found(let ward, let district):
            switch nomination {
            case .ward(let n) where n != ward:
                return [.init(code: "wrong-ward", severity: .error,
                    message: "Anschrift liegt in Wahlbezirk \(ward), nicht in Wahlbezirk \(n).", basis: basis)]
            case .district(let name):
                guard let district else {
                    return [.init(code: "ward-unverified", severity: .warning,
                        message: "Straßenverzeichnis nennt keinen Stadtbezirk für diese Anschrift.", basis: basis)]
                }
                if Normalizer.nameKey(district) != Normalizer.nameKey(name) {
                    return [.init(code: "wrong-district", severity: .error,
                        message: "Anschrift liegt im Stadtbezirk \(district), nicht in \(name).", basis: basis)]
                }
                return []
            default:
                return []
            }
        }
    }

    /// Signed on or after the nomination meeting (or the earliest legal meeting date), not after
    /// the deadline day and not in the future.
    public static let signingDate: Rule = { input in
        let e = input.election
        let signed = input.sheet.signedOn
        var out: [Finding] = []
        if signed > input.today {
            out.append(.init(code: "signed-in-future", severity: .error,
                message: "Datum der Unterschrift liegt in der Zukunft.", basis: "Plausibilität"))
        }
        if signed > e.deadlineDay {
            out.append(.init(code: "signed-after-deadline", severity: .error,
                message: "Unterschrieben nach Fristende (\(e.deadlineText)).", basis: e.nominationDeadline.basis))
        }
        if let meeting = input.meetingDate {
            if signed < meeting {
                out.append(.init(code: "signed-before-meeting", severity: .error,
                    message: "Unterschrieben vor der Aufstellungsversammlung am \(meeting.german).",
                    basis: "KWahlO § 26 Abs. 3 (Analogie zu BWO § 34 Abs. 4, unbestätigt)"))
            }
        } else if let earliest = e.earliestNominationMeeting, signed < earliest.value {
            out.append(.init(code: "signed-before-meeting", severity: .error,
                message: "Unterschrieben vor dem frühestmöglichen Aufstellungstermin \(earliest.value.german).",
                basis: earliest.basis))
        }
        return out
    }
}
