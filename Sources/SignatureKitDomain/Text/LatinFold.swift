/// Folding of the Latin-1 and Latin Extended-A letters (U+00C0–U+017F) to lower-case ASCII:
/// ä→ae, ö→oe, ü→ue, ß→ss, é→e, ł→l, ş→s, ı→i … (generated from Unicode decompositions).
package enum LatinFold {
    package static let first: UInt32 = 0xC0
    package static let table: [String] = [
        "a", "a", "a", "a", "ae", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "oe", "", "o", "u", "u", "u", "ue", "y", "th", "ss",
        "a", "a", "a", "a", "ae", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "oe", "", "o", "u", "u", "u", "ue", "y", "th", "y",
        "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
        "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
        "g", "g", "g", "g", "h", "h", "", "", "i", "i", "i", "i", "i", "i", "i", "i",
        "i", "i", "", "", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
        "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
        "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
        "s", "s", "t", "t", "t", "t", "", "", "u", "u", "u", "u", "u", "u", "u", "u",
        "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
    ]

    /// The ASCII replacement, or `nil` outside the table.
    package static func replacement(_ scalar: Unicode.Scalar) -> String? {
        let v = scalar.value
        guard v >= first, v < first + UInt32(table.count) else { return nil }
        let r = table[Int(v - first)]
        return r.isEmpty ? nil : r
    }
}
