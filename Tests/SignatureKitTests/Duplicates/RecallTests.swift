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
