/// How sure the matcher is that two sheets are signed by the same person.
public enum MatchStrength: String, Sendable, Codable {
    /// Written the same after normalisation: counts once, no review needed.
    case certain
    /// Spelling variant, one typo, dropped second given name or swapped day and month: a person decides.
    case probable
}

/// The verdict on a pair of signers, with the reasons a reviewer reads.
public struct Match: Sendable, Equatable {
    public var strength: MatchStrength
    /// 0…1, higher is more alike.
    public var score: Double
    /// German reasons without personal data ("Nachname: ein Tippfehler", "Tag und Monat vertauscht").
    public var reasons: [String]
}

/// Compares two signers. Relatives at one address (same surname, other given name or other birth
/// date) never match.
public enum DuplicateMatcher {
    /// One typo apart: one letter replaced, added, dropped or two swapped. A typed umlaut (a keyboard neighbour such as
    /// ö for l) folds to two letters (oe), so the comparison is also made with folded umlauts collapsed to one.
    package static func oneTypo(_ x: String, _ y: String, minimumLength: Int) -> Bool {
        // Bounded: one typo changes the length by at most one letter (two bytes for a folded umlaut), and names are at
        // most 100 scalars; anything else is no typo and costs no distance computation.
        let (lx, ly) = (x.utf8.count, y.utf8.count)
        guard min(x.unicodeScalars.count, y.unicodeScalars.count) >= minimumLength, abs(lx - ly) <= 2, max(lx, ly) <= 512 else { return false }
        if StringDistance.osa(x, y) <= 1 { return true }
        guard x.utf8.contains(UInt8(ascii: "e")) || y.utf8.contains(UInt8(ascii: "e")) else { return false }
        return StringDistance.osa(collapsedUmlauts(x), collapsedUmlauts(y)) <= 1
    }

    /// "ae", "oe", "ue" collapsed to "a", "o", "u" in one pass over the bytes (Foundation's `replacingOccurrences`,
    /// three times, was a sixth of a full duplicate pass). The same result as replacing the three in turn: a replacement
    /// leaves its vowel before the next letter, which never starts another of the three.
    package static func collapsedUmlauts(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var afterVowel = false
        for byte in s.utf8 {
            if afterVowel && byte == UInt8(ascii: "e") {
                afterVowel = false
                continue
            }
            out.append(byte)
            afterVowel = byte == UInt8(ascii: "a") || byte == UInt8(ascii: "o") || byte == UInt8(ascii: "u")
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func compare(_ a: PersonKeys, _ b: PersonKeys) -> Match? {
        if a.surname == b.surname && a.givenNames == b.givenNames && a.birthDate == b.birthDate {
            return Match(strength: .certain, score: 1, reasons: ["gleich geschrieben (nach Normalisierung)"])
        }
        var reasons: [String] = []

        // Surname: equal, one typo, or the same Kölner Phonetik code (Meier/Mayer).
        if a.surname == b.surname {
            reasons.append("Nachname gleich")
        } else if oneTypo(a.surname, b.surname, minimumLength: 3) {
            reasons.append("Nachname: ein Tippfehler")
        } else if !a.surnameCode.isEmpty && a.surnameCode == b.surnameCode && a.surname.first == b.surname.first {
            reasons.append("Nachname klingt gleich (Kölner Phonetik)")
        } else {
            return nil
        }

        // Given names: first given name equal, one typo or same sound; a dropped second name is fine.
        if a.givenNames == b.givenNames {
            reasons.append("Vornamen gleich")
        } else if !a.givenNames.isEmpty && a.givenNames.filter({ $0 != " " }) == b.givenNames.filter({ $0 != " " }) {
            reasons.append("Vornamen gleich bis auf ein Leerzeichen")
        } else if a.firstGiven == b.firstGiven && !a.firstGiven.isEmpty {
            reasons.append("erster Vorname gleich, weitere Vornamen abweichend")
        } else if oneTypo(a.firstGiven, b.firstGiven, minimumLength: 4) {
            reasons.append("Vorname: ein Tippfehler")
        } else if !a.givenCode.isEmpty && a.givenCode == b.givenCode && a.firstGiven.first == b.firstGiven.first {
            reasons.append("Vorname klingt gleich (Kölner Phonetik)")
        } else {
            return nil
        }

        // Birth date: equal, day and month swapped, or one typo in day or month at the same address.
        var birthScore = 1.0
        if a.birthDate == b.birthDate {
            reasons.append("Geburtsdatum gleich")
        } else if a.birthDate.swappedDayMonth == b.birthDate {
            reasons.append("Geburtsdatum: Tag und Monat vertauscht")
            birthScore = 0.9
        } else if a.birthDate.year == b.birthDate.year && a.addressKey == b.addressKey
            && StringDistance.osa(a.birthDate.iso, b.birthDate.iso) == 1
            && a.surname == b.surname && a.firstGiven == b.firstGiven
        {
            reasons.append("Geburtsdatum: eine Ziffer in Tag oder Monat abweichend, gleiche Anschrift")
            birthScore = 0.8
        } else {
            return nil
        }
        if a.addressKey == b.addressKey { reasons.append("gleiche Anschrift") }

        let score =
            0.35 * StringDistance.jaroWinkler(a.surname, b.surname)
            + 0.25 * StringDistance.jaroWinkler(a.givenNames, b.givenNames)
            + 0.3 * birthScore + (a.addressKey == b.addressKey ? 0.1 : 0.05)
        return Match(strength: .probable, score: min(score, 0.99), reasons: reasons)
    }
}
