/// The duplicate search on values: which earlier sheets a new one is compared with, and the full pass.
///
/// Every sheet is compared only with sheets of the same nomination kind that share one of four blocking keys:
/// - same birth date (day and month in either order) and same Kölner Phonetik of the surname;
/// - same birth date (either order) and same Kölner Phonetik of the first given name;
/// - same birth date (either order) and same address (for typos in both names, which change both sounds);
/// - same address and surname (for a typo in the birth date).
///
/// Every probable match of ``DuplicateMatcher`` needs an equal or swapped birth date, or the same address and
/// surname. With an equal or swapped birth date it is found by a name's sound, or, when a typo changed both sounds,
/// only at the same address: a person who moved and was mistyped in both names is the one case left to a reviewer.
/// Storage finds the blocks of a new sheet through two indexes (``SignatureDatabase`` `sheet_birth`,
/// `sheet_address`); the full pass builds them in memory here.
package enum DuplicateSearch {
    /// Candidates a new sheet is compared with, per blocking key: the earliest ones. A block of thousands of alike
    /// sheets (same birth date, names that sound the same) costs each entry a bounded number of comparisons; a new
    /// sheet alike to the block is linked to its earliest members, which is where its group begins.
    package static let candidatesPerBlock = 16

    /// The values the blocks are formed on: the keys themselves, or their keyed hashes in an encrypted database
    /// (equal keys give equal hashes, so the blocks are the same).
    package struct BlockKeys {
        package let birth: Int
        package let surnameCode: String
        package let givenCode: String
        package let address: String
        package let surname: String

        package init(_ k: PersonKeys) {
            birth = k.birthKey
            surnameCode = k.surnameCode
            givenCode = k.givenCode
            address = k.addressKey
            surname = k.surname
        }

        package init(birth: Int, surnameCode: String, givenCode: String, address: String, surname: String) {
            self.birth = birth
            self.surnameCode = surnameCode
            self.givenCode = givenCode
            self.address = address
            self.surname = surname
        }
    }

    /// A stored sheet as the search sees it: id, number, nomination, block keys and, once known, comparison keys.
    package struct Candidate {
        package let id: Int64
        package let sheetNumber: String
        package let nomination: String
        package let kind: NominationKind
        package let block: BlockKeys
        /// `nil` in an encrypted database until the sheet is decrypted for a comparison.
        package let keys: PersonKeys?

        package init(id: Int64, sheetNumber: String, nomination: String, kind: NominationKind, keys: PersonKeys) {
            self.init(id: id, sheetNumber: sheetNumber, nomination: nomination, kind: kind, block: BlockKeys(keys), keys: keys)
        }

        package init(id: Int64, sheetNumber: String, nomination: String, kind: NominationKind, block: BlockKeys, keys: PersonKeys?) {
            self.id = id
            self.sheetNumber = sheetNumber
            self.nomination = nomination
            self.kind = kind
            self.block = block
            self.keys = keys
        }
    }

    /// A pair found: the earlier sheet, the later one, its class and the match.
    package struct FoundPair {
        package let earlier: Int64
        package let later: Int64
        package let pairClass: PairClass
        package let match: Match
    }

    /// Compares a new sheet with the candidates its blocks returned. A group of alike sheets is one group to review,
    /// not n² pairs: per class only the pair with the earliest matching sheet is kept (where the group begins).
    package static func matches(_ keys: PersonKeys, nomination: String, among candidates: [Candidate])
        -> [(Candidate, PairClass, Match)]
    {
        var earliest: [PairClass: (Candidate, PairClass, Match)] = [:]
        for other in candidates {
            guard let otherKeys = other.keys, let match = DuplicateMatcher.compare(otherKeys, keys) else { continue }
            let pairClass = PairClass(strength: match.strength, sameNomination: other.nomination == nomination)
            if let kept = earliest[pairClass], kept.0.id < other.id { continue }
            earliest[pairClass] = (other, pairClass, match)
        }
        return settled(earliest).values.sorted { $0.0.id < $1.0.id }
    }

    /// A sheet that is certainly someone's duplicate (or conflict) is settled by that link: a probable link of the same
    /// kind would only add a second review case for the same person.
    package static func settled<T>(_ links: [PairClass: T]) -> [PairClass: T] {
        var out = links
        if out[.duplicate] != nil { out[.possibleDuplicate] = nil }
        if out[.conflict] != nil { out[.possibleConflict] = nil }
        return out
    }

    /// The full pass: every pair within a block compared once; pairs in `existing` are not reported again.
    ///
    /// Blocking keys are hashed to integers (a collision only costs one extra comparison) and kept in one flat
    /// array of (key hash, sheet index), sorted afterwards: no array per block.
    /// `resolve` gives the comparison keys of an entry stored without them (decrypted only when a block needs them).
    /// A later sheet's link to its group, by class.
    package struct Link: Hashable {
        package let later: Int64
        package let pairClass: PairClass

        package init(later: Int64, pairClass: PairClass) {
            self.later = later
            self.pairClass = pairClass
        }
    }

    package static func fullPass(
        _ entries: [Candidate], existing: Set<PairKey>, linked: Set<Link> = [], resolve: (Int) -> PersonKeys? = { _ in nil }
    )
        -> (pairs: [FoundPair], compared: Int)
    {
        var blocks: [(Int, Int32)] = []
        blocks.reserveCapacity(entries.count * 3)
        func add(_ index: Int, _ tag: UInt8, _ kind: NominationKind, _ a: String, _ b: String, _ birth: Int = 0) {
            var h = Hasher()
            h.combine(tag)
            h.combine(kind)
            h.combine(a)
            h.combine(b)
            h.combine(birth)
            blocks.append((h.finalize(), Int32(index)))
        }
        for (index, e) in entries.enumerated() {
            add(index, 1, e.kind, e.block.surnameCode, "", e.block.birth)
            add(index, 2, e.kind, e.block.givenCode, "", e.block.birth)
            add(index, 3, e.kind, e.block.address, e.block.surname)
            add(index, 4, e.kind, e.block.address, "", e.block.birth)
        }
        var resolved: [Int: PersonKeys] = [:]
        func keys(_ index: Int) -> PersonKeys? {
            if let k = entries[index].keys ?? resolved[index] { return k }
            let k = resolve(index)
            resolved[index] = k
            return k
        }
        var seen = Set<PairKey>()
        // Per later sheet and class, the earliest match (as an entry links to its group's earliest member).
        var earliest: [Int64: [PairClass: FoundPair]] = [:]
        var compared = 0
        blocks.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var start = 0
        while start < blocks.count {
            var end = start + 1
            while end < blocks.count && blocks[end].0 == blocks[start].0 { end += 1 }
            if end - start > 1 {
                // Each member is compared with the block's earliest members only (bounded, like an entry).
                let heads = min(end, start + candidatesPerBlock)
                for j in (start + 1)..<end {
                    for i in start..<min(j, heads) {
                        let ia = Int(blocks[i].1)
                        let ib = Int(blocks[j].1)
                        let (a, b) = entries[ia].id < entries[ib].id ? (entries[ia], entries[ib]) : (entries[ib], entries[ia])
                        let (ka, kb) = entries[ia].id < entries[ib].id ? (ia, ib) : (ib, ia)
                        let key = PairKey(a: a.id, b: b.id)
                        guard seen.insert(key).inserted else { continue }
                        compared += 1
                        guard !existing.contains(key), let keysA = keys(ka), let keysB = keys(kb),
                            let match = DuplicateMatcher.compare(keysA, keysB)
                        else { continue }
                        let cls = PairClass(strength: match.strength, sameNomination: a.nomination == b.nomination)
                        if linked.contains(Link(later: b.id, pairClass: cls)) { continue }
                        if cls == .possibleDuplicate && linked.contains(Link(later: b.id, pairClass: .duplicate)) { continue }
                        if cls == .possibleConflict && linked.contains(Link(later: b.id, pairClass: .conflict)) { continue }
                        if let kept = earliest[b.id]?[cls], kept.earlier < a.id { continue }
                        earliest[b.id, default: [:]][cls] = FoundPair(earlier: a.id, later: b.id, pairClass: cls, match: match)
                    }
                }
            }
            start = end
        }
        let found = earliest.values.flatMap { settled($0).values }.sorted { ($0.later, $0.earlier) < ($1.later, $1.earlier) }
        return (found, compared)
    }
}

/// Two sheet ids in ascending order: a pair regardless of which was found first.
package struct PairKey: Hashable {
    package let a: Int64
    package let b: Int64
    package init(a: Int64, b: Int64) {
        self.a = min(a, b)
        self.b = max(a, b)
    }
}
