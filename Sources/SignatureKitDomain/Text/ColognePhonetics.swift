/// The Kölner Phonetik (Hans Joachim Postel, 1969): a phonetic code for German names.
///
/// "Müller-Lüdenscheidt" → "65752682", "Meyer" = "Maier" = "Mayer" = "Meier" → "67".
/// Used as a blocking key for duplicate search, never as proof of identity.
public enum ColognePhonetics {
    /// The code of a name; empty for a name without letters.
    public static func code(_ text: String) -> String {
        code(folded: Normalizer.fold(text))
    }

    /// The code of a text already folded by ``Normalizer/fold(_:)`` (lower-case ASCII): no second fold.
    package static func code(folded: String) -> String {
        // Map to upper-case letters A–Z (umlauts arrive as "ae", ß as "ss").
        var letters: [UInt8] = []
        letters.reserveCapacity(folded.utf8.count)
        for ch in folded.utf8 {
            if ch >= 97 && ch <= 122 { letters.append(ch - 32) }
        }
        // fold() writes ä as "ae" etc.; the extra E is a vowel and codes as 0, which is removed anyway.
        var digits: [UInt8] = []
        digits.reserveCapacity(letters.count * 2)
        let n = letters.count
        for i in 0..<n {
            let c = letters[i]
            let prev: UInt8 = i > 0 ? letters[i - 1] : 0
            let next: UInt8 = i + 1 < n ? letters[i + 1] : 0
            switch c {
            case 65, 69, 73, 74, 79, 85, 89: digits.append(0)  // A E I J O U Y
            case 72: continue  // H
            case 66: digits.append(1)  // B
            case 80: digits.append(next == 72 ? 3 : 1)  // P
            case 68, 84: digits.append(isIn(next, "CSZ") ? 8 : 2)  // D T
            case 70, 86, 87: digits.append(3)  // F V W
            case 71, 75, 81: digits.append(4)  // G K Q
            case 67:  // C
                if i == 0 {
                    digits.append(isIn(next, "AHKLOQRUX") ? 4 : 8)
                } else if isIn(prev, "SZ") {
                    digits.append(8)
                } else {
                    digits.append(isIn(next, "AHKOQUX") ? 4 : 8)
                }
            case 88:  // X
                if isIn(prev, "CKQ") {
                    digits.append(8)
                } else {
                    digits.append(4)
                    digits.append(8)
                }
            case 76: digits.append(5)  // L
            case 77, 78: digits.append(6)  // M N
            case 82: digits.append(7)  // R
            case 83, 90: digits.append(8)  // S Z
            default: continue
            }
        }
        // Collapse repeated digits, then drop every 0 except a leading one.
        var out = ""
        var last: UInt8 = 255
        for (index, d) in digits.enumerated() {
            if d == last { continue }
            last = d
            if d == 0 && index != 0 { continue }
            out.append(Character(Unicode.Scalar(d + 48)))
        }
        return out
    }

    private static func isIn(_ c: UInt8, _ set: StaticString) -> Bool {
        guard c != 0 else { return false }
        return set.withUTF8Buffer { $0.contains(c) }
    }
}
