import Testing

@testable import SignatureKitPostgres

/// The filter the hosted import uses to skip lookups: never "no" for what was put in, rarely "maybe" for the rest.
struct BloomFilterTests {
    @Test("100,000 hashes in: every one answers maybe; of 100,000 others fewer than 2 % do; an empty filter answers no")
    func noFalseNo() {
        var filter = BloomFilter(expected: 100_000)
        let inserted = (0..<100_000).map { "F\($0)".hashValue }
        for h in inserted { filter.insert(h) }
        #expect(inserted.allSatisfy { filter.mayContain($0) })
        let wrong = (0..<100_000).filter { filter.mayContain("G\($0)".hashValue) }.count
        #expect(wrong < 2_000, "\(wrong) wrong maybes")
        let empty = BloomFilter(expected: 0)
        #expect(!empty.mayContain("F1".hashValue) && !empty.mayContain(0))
    }
}
