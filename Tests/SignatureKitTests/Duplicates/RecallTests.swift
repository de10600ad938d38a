import Testing

@testable import SignatureKit

/// Blocking recall on synthetic German data with known truth (Febrl-style): every person signs once,
/// then once more written differently (umlaut spelling, typo, dropped given name, swapped date, "Str.", "12 A").
struct RecallTests {
    @Test("Blocking and matching find at least 98 % of the true duplicate pairs, and no false pair")
    func recall() throws {
        let db = try TestSupport.database()
        var rng = SeededRandom(seed: 42)
        let people = (0..<400).map { _ in DemoData.randomPerson(rng: &rng) }
        func input(_ p: DemoData.Person, _ number: String) -> SheetInput {
            SheetInput(
                sheetNumber: number, nomination: .list, surname: p.surname, givenNames: p.given, birthDate: p.born,
                street: p.street, houseNumber: p.number, postalCode: p.postal, city: "Krefeld",
                signedOn: TestSupport.day("2025-05-01"), collector: "t")
        }
        for (i, p) in people.enumerated() { _ = try db.record(input(p, "A\(i)"), enteredBy: "t", today: TestSupport.today) }
        var found = 0
        var falsePairs = 0
        for (i, p) in people.enumerated() {
            let variant = DemoData.variant(of: p, rng: &rng)
            guard case .stored(_, _, let dups) = try db.record(input(variant, "B\(i)"), enteredBy: "t", today: TestSupport.today)
            else { continue }
            if dups.contains(where: { $0.otherSheet == "A\(i)" }) { found += 1 }
            falsePairs += dups.filter { $0.otherSheet != "A\(i)" }.count
        }
        let recall = Double(found) / Double(people.count)
        #expect(recall >= 0.98, "recall \(recall)")
        #expect(falsePairs == 0)
        // The full pass agrees with entry: it finds nothing new.
        #expect(try db.duplicatePass().newPairs == 0)
    }
}

extension RecallTests {
    @Test(
        "Hard variants (given names typed as one, a keyboard typo changing the surname's sound, typos in both names): recall ≥ 0.995 at precision ≥ 0.999"
    )
    func hardVariants() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("truth.csv").path
        let count = try DemoData.writeRecallCSV(path: path, count: 2000, seed: 77)
        let db = try TestSupport.database()
        let summary = try db.importSheets(from: path, enteredBy: "t", today: TestSupport.today)
        #expect(summary.stored == 4000)
        // Entry finds them as the sheets come in; the full pass agrees and adds nothing.
        #expect(try db.duplicatePass().newPairs == 0)
        let r = DemoData.recall(findings: try db.findings(), count: count)
        #expect(r.recall >= 0.995, "recall \(r.recall), \(r.missed) missed")
        #expect(r.precision >= 0.999, "precision \(r.precision), \(r.falsePairs) false pairs")
    }

    @Test("Each hard class on its own is found", arguments: DemoData.HardVariant.allCases)
    func eachClass(kind: DemoData.HardVariant) throws {
        var rng = SeededRandom(seed: 5)
        var found = 0
        for _ in 0..<100 {
            var p = DemoData.randomPerson(rng: &rng)
            let v = DemoData.hardVariant(kind, of: &p, rng: &rng)
            let a = PersonKeys(surname: p.surname, givenNames: p.given, birthDate: p.born, street: p.street, houseNumber: p.number)
            let b = PersonKeys(surname: v.surname, givenNames: v.given, birthDate: v.born, street: v.street, houseNumber: v.number)
            // In a block together (one of the four keys) and matched.
            let sameBlock =
                a.birthKey == b.birthKey && (a.surnameCode == b.surnameCode || a.givenCode == b.givenCode || a.addressKey == b.addressKey)
                || (a.addressKey == b.addressKey && a.surname == b.surname)
            if sameBlock && DuplicateMatcher.compare(a, b) != nil { found += 1 }
        }
        #expect(found >= 99, "\(kind): \(found) of 100")
    }
}
