import Foundation

/// Normalises names and addresses so that the same person written the same way gives the same key.
///
/// Lower case; ä→ae, ö→oe, ü→ue, ß→ss; other accents removed (é→e, ł→l, ş→s); hyphens, dots and
/// apostrophes become spaces; academic titles dropped; runs of spaces collapsed.
public enum Normalizer {
    /// Titles that are not part of a name.
    package static let titles: Set<String> = [
        "dr", "prof", "professor", "med", "rer", "nat", "phil", "jur", "dipl", "ing",
        "mag", "ba", "ma", "msc", "bsc", "hc", "h", "c",
    ]

    /// Folds German and other letters to plain ASCII lower case.
    public static func fold(_ text: String) -> String {
        // Fast path for plain ASCII (most names): lower-case bytes, punctuation to spaces.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = [UInt8]()
            bytes.reserveCapacity(text.utf8.count)
            for b in text.utf8 {
                switch b {
                case 0x41...0x5A: bytes.append(b + 32)
                case 0x2D, 0x2E, 0x27, 0x60, 0x2C, 0x2F, 0x5F: bytes.append(0x20)
                default: bytes.append(b)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        // Decomposed input (u + ◌̈) is composed first, so that it folds like ü.
        let text =
            text.unicodeScalars.contains(where: { $0.value >= 0x300 && $0.value < 0x370 })
            ? text.precomposedStringWithCanonicalMapping : text
        var out = ""
        out.reserveCapacity(text.utf8.count + 4)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                switch v {
                case 0x41...0x5A: out.unicodeScalars.append(Unicode.Scalar(v + 32) ?? scalar)
                case 0x2D, 0x2E, 0x27, 0x60, 0x2C, 0x2F, 0x5F: out += " "
                default: out.unicodeScalars.append(scalar)
                }
            } else if v == 0x2019 {  // typographic apostrophe
                out += " "
            } else if let r = LatinFold.replacement(scalar) {
                out += r
            } else if v >= 0x300 && v < 0x370 {
                continue  // a combining accent of a decomposed letter
            } else {
                // Other scripts: strip accents the slow way; keep what has no ASCII form.
                out += String(scalar).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
            }
        }
        return out
    }

    /// Words of a folded text, without empty parts.
    package static func words(_ text: String) -> [Substring] { text.split(whereSeparator: { $0 == " " || $0 == "\t" }) }

    /// A name as a comparison key: folded, titles removed, spaces collapsed.
    public static func nameKey(_ name: String) -> String {
        let folded = fold(name)
        // Fast path: one word without a title (most surnames and given names).
        if !folded.utf8.contains(0x20) && !folded.utf8.contains(0x09) && !titles.contains(folded) { return folded }
        return words(folded).filter { !titles.contains(String($0)) }.joined(separator: " ")
    }

    /// A street as a key: "Hauptstr." = "Hauptstraße" = "Haupt-Strasse" = "hauptstrasse".
    public static func streetKey(_ street: String) -> String {
        let suffixes = ["strasse", "platz", "weg", "allee", "ring", "gasse"]
        var parts: [String] = []
        for w in words(fold(street)).map(String.init) {
            switch w {
            case "str", "st": parts.append("strasse")
            case "pl": parts.append("platz")
            default:
                if w.count > 3 && w.hasSuffix("str") {
                    parts += [String(w.dropLast(3)), "strasse"]
                } else if let suffix = suffixes.first(where: { w.count > $0.count && w.hasSuffix($0) }) {
                    parts += [String(w.dropLast(suffix.count)), suffix]
                } else {
                    parts.append(w)
                }
            }
        }
        // Join the "strasse"/"platz"/… part onto the name before it: "haupt strasse" → "hauptstrasse".
        var joined = ""
        for p in parts {
            if suffixes.contains(p) || joined.isEmpty {
                joined += p
            } else {
                joined += " " + p
            }
        }
        return joined
    }

    /// A house number as a key: "12 a" = "12A" = "12a"; "12-14" stays a range.
    public static func houseNumberKey(_ number: String) -> String {
        String(number.lowercased().filter { !$0.isWhitespace })
    }

    /// The leading number of a house number ("12a" → 12), for range look-ups.
    public static func houseNumberValue(_ number: String) -> Int? {
        Int(number.trimmingCharacters(in: .whitespaces).prefix(while: \.isNumber))
    }
}
