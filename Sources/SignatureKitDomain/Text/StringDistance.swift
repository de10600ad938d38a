/// Edit distances for the duplicate score.
public enum StringDistance {
    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbouring letters each count 1 ("Mueller"/"Muelelr" = 1).
    public static func osa(_ a: String, _ b: String) -> Int {
        let s = Array(a.utf8)
        let t = Array(b.utf8)
        let n = s.count
        let m = t.count
        if n == 0 { return m }
        if m == 0 { return n }
        // Three rolling rows instead of a matrix.
        var twoAgo = [Int](repeating: 0, count: m + 1)
        var previous = Array(0...m)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            current[0] = i
            for j in 1...m {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] { d = min(d, twoAgo[j - 2] + 1) }
                current[j] = d
            }
            (twoAgo, previous, current) = (previous, current, twoAgo)
        }
        return previous[m]
    }

    /// Jaro–Winkler similarity in 0…1 (1 = equal).
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        let s = Array(a.unicodeScalars)
        let t = Array(b.unicodeScalars)
        if s.isEmpty && t.isEmpty { return 1 }
        if s.isEmpty || t.isEmpty { return 0 }
        let window = max(0, max(s.count, t.count) / 2 - 1)
        var sMatch = [Bool](repeating: false, count: s.count)
        var tMatch = [Bool](repeating: false, count: t.count)
        var matches = 0
        for i in 0..<s.count {
            let lo = max(0, i - window)
            let hi = min(t.count - 1, i + window)
            if lo > hi { continue }
            for j in lo...hi where !tMatch[j] && s[i] == t[j] {
                sMatch[i] = true
                tMatch[j] = true
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var k = 0
        for i in 0..<s.count where sMatch[i] {
            while !tMatch[k] { k += 1 }
            if s[i] != t[k] { transpositions += 1 }
            k += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions) / 2) / m) / 3
        var prefix = 0
        while prefix < min(4, s.count, t.count) && s[prefix] == t[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
