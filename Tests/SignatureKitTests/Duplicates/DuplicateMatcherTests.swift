import Foundation
import Testing

@testable import SignatureKit

struct DuplicateMatcherTests {
    func keys(_ surname: String, _ given: String, _ born: String, street: String = "Hauptstraße", house: String = "12a") -> PersonKeys {
        PersonKeys(surname: surname, givenNames: given, birthDate: TestSupport.day(born), street: street, houseNumber: house)
    }

    @Test("Certain: written the same after normalising case, umlauts, ß, accents, hyphens and titles")
    func certain() {
        let a = keys("Müller-Lüdenscheidt", "Anna Maria", "12.03.1980")
        #expect(DuplicateMatcher.compare(a, keys("MUELLER LUEDENSCHEIDT", "anna  maria", "1980-03-12"))?.strength == .certain)
        #expect(DuplicateMatcher.compare(a, keys("Dr. Müller-Lüdenscheidt", "Anna-Maria", "12.03.1980"))?.strength == .certain)
        #expect(DuplicateMatcher.compare(keys("Strauß", "René", "01.01.1970"), keys("Strauss", "Rene", "01.01.1970"))?.strength == .certain)
    }

    @Test("Probable: spelling variant, one typo, dropped second given name, swapped day and month, street abbreviations")
    func probable() {
        let a = keys("Meier", "Anna Maria", "12.03.1980")
        let variants = [
            keys("Mayer", "Anna Maria", "12.03.1980"),  // spelling variant (same Kölner Phonetik code)
            keys("Meiser", "Anna Maria", "12.03.1980"),  // one typo
            keys("Meier", "Anna", "12.03.1980"),  // dropped second given name
            keys("Meier", "Anna Maria", "03.12.1980"),  // day and month swapped
            keys("Meier", "Anne Maria", "12.03.1980", street: "Hauptstr.", house: "12 A"),  // typo + abbreviations
            keys("Meier", "Anna Maria", "13.03.1980"),  // one digit in the day, same address
        ]
        for v in variants {
            #expect(DuplicateMatcher.compare(a, v)?.strength == .probable)
        }
    }

    @Test("Relatives at the same address are not duplicates")
    func relatives() {
        let mother = keys("Meier", "Anna", "12.03.1960")
        #expect(DuplicateMatcher.compare(mother, keys("Meier", "Jonas", "04.07.1990")) == nil)  // other given name
        #expect(DuplicateMatcher.compare(mother, keys("Meier", "Anna", "12.03.1990")) == nil)  // daughter, same name, other year
        #expect(DuplicateMatcher.compare(mother, keys("Meier", "Hans", "12.03.1960")) == nil)  // twin brother
        #expect(DuplicateMatcher.compare(mother, keys("Schulz", "Anna", "12.03.1960")) == nil)  // other surname
    }

    @Test("Umlauts collapsed in one pass give what replacing ae, oe and ue in turn gives, for every short word of a, o, u, e, x, é")
    func collapsedUmlauts() {
        #expect(DuplicateMatcher.collapsedUmlauts("mueller") == "muller")
        #expect(DuplicateMatcher.collapsedUmlauts("aee") == "ae")
        #expect(DuplicateMatcher.collapsedUmlauts("goethe") == "gothe")
        let letters: [Character] = ["a", "o", "u", "e", "x", "é"]
        var words = [""]
        for _ in 0..<6 { words = words.flatMap { w in letters.map { w + String($0) } } }
        #expect(words.count == 46_656)
        var differing = 0
        for w in words {
            let inTurn = w.replacingOccurrences(of: "ae", with: "a").replacingOccurrences(of: "oe", with: "o")
                .replacingOccurrences(of: "ue", with: "u")
            if DuplicateMatcher.collapsedUmlauts(w) != inTurn { differing += 1 }
        }
        #expect(differing == 0)
        // One typo apart only with the umlaut collapsed (Köhlar, folded koehlar, and Kohler); two typos are not.
        #expect(StringDistance.osa("koehlar", "kohler") == 2)
        #expect(DuplicateMatcher.oneTypo("koehlar", "kohler", minimumLength: 3))
        #expect(!DuplicateMatcher.oneTypo("koehlax", "kohler", minimumLength: 3))
    }
}
