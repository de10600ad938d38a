/// A set of hashes that may answer "maybe" for one never inserted (then the import looks the row up and finds
/// nothing) but never "no" for one inserted. Ten bits per expected entry, seven probes: about one in a hundred answers
/// is a wrong "maybe". For a million sheets (five hashes each) about 8 MB, where a `Set<Int>` of the same took 90 MB.
struct BloomFilter {
    private var words: [UInt64]
    private let mask: Int
    private static let probes = 7

    /// Sized for `expected` entries (rounded up to a power of two bits; at most 2³¹ bits, 256 MB).
    init(expected: Int) {
        var bits = 1 << 16
        while bits < expected * 10 && bits < 1 << 31 { bits <<= 1 }
        words = [UInt64](repeating: 0, count: bits / 64)
        mask = bits - 1
    }

    mutating func insert(_ hash: Int) {
        let (a, b) = Self.split(hash)
        for i in 0..<Self.probes {
            let bit = (a &+ i &* b) & mask
            words[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    func mayContain(_ hash: Int) -> Bool {
        let (a, b) = Self.split(hash)
        for i in 0..<Self.probes {
            let bit = (a &+ i &* b) & mask
            if words[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }

    /// Two hashes from one (double hashing); the second odd, so the probes never repeat one bit.
    private static func split(_ hash: Int) -> (Int, Int) {
        let h = UInt64(bitPattern: Int64(hash))
        return (Int(truncatingIfNeeded: h & 0xffff_ffff), Int(truncatingIfNeeded: (h >> 32) | 1))
    }
}
