import Foundation
import Testing

@testable import SignatureKit

struct CalendarDayTests {
    @Test("Parses German and ISO dates and prints the German form")
    func parsing() {
        #expect(CalendarDay(parsing: "14.09.2025") == CalendarDay(year: 2025, month: 9, day: 14))
        #expect(CalendarDay(parsing: "2025-09-14") == CalendarDay(year: 2025, month: 9, day: 14))
        #expect(CalendarDay(parsing: "1.2.1990")?.german == "01.02.1990")
        #expect(CalendarDay(parsing: "31.02.2025") == nil)
        #expect(CalendarDay(parsing: "29.02.2024") != nil)
        #expect(CalendarDay(parsing: "2025/09/14") == nil)
        #expect(CalendarDay(parsing: "14.09.25") == nil)
    }

    @Test("Day arithmetic gives the legal deadlines of 2025")
    func deadlines() {
        let e = TestSupport.election
        #expect(e.deadlineDay.german == "07.07.2025")
        #expect(e.deadlineText == "07.07.2025, 18:00 Uhr")
        #expect(e.residenceCutoffDay.german == "29.08.2025")
        #expect(e.latestBirthDate.german == "14.09.2009")
        #expect(TestSupport.day("29.02.2024").subtracting(years: 1).german == "28.02.2023")
    }
}

struct ElectionDataTests {
    @Test("The bundled Krefeld 2025 file is well-formed and gives the known quotas")
    func krefeld() {
        let e = TestSupport.election
        #expect(e.id == "krefeld-2025")
        #expect(e.wards.count == 29)
        #expect(e.nominations.count == 29 + 2 + 5)
        #expect(e.required(for: .ward(12)) == 10)
        #expect(e.required(for: .list) == 100)
        #expect(e.required(for: .mayor) == 290)
        #expect(e.required(for: .district("Süd")) == 36)
        #expect(e.required(for: .district("sued")) == 36)
        #expect(e.quotas.mayor?.confirmed == true)
        #expect(e.quotas.list.basis == "KWahlG NRW § 16 Abs. 1 S. 3")
        #expect(e.wards.allSatisfy { $0.name == nil })
    }

    @Test("Ward quota follows the inhabitant tiers and per-ward overrides")
    func tiers() {
        var e = TestSupport.election
        e.wards[0].inhabitants = 5000
        e.wards[1].inhabitants = 5001
        e.wards[2].inhabitants = 10001
        e.wards[3].required = 17
        #expect(e.required(for: .ward(1)) == 5)
        #expect(e.required(for: .ward(2)) == 10)
        #expect(e.required(for: .ward(3)) == 20)
        #expect(e.required(for: .ward(4)) == 17)
    }

    @Test("A malformed election file names the field")
    func malformed() throws {
        let dir = TestSupport.tempDir()
        let path = TestSupport.write("{\"id\":\"x\"}", in: dir, name: "x.json")
        #expect(throws: SignatureKitError.self) { try ElectionCatalog.load(path) }
        #expect(throws: SignatureKitError.electionNotFound("berlin-2026")) { try ElectionCatalog.load("berlin-2026") }
    }
}

struct NominationTests {
    @Test(arguments: [
        ("ward:12", "ward:12"), ("Wahlbezirk:3", "ward:3"), ("list", "list"), ("OB", "mayor"),
        ("district:Nord", "district:Nord"), ("reserveliste", "list"),
    ])
    func parses(text: String, expected: String) {
        #expect(NominationID(text)?.description == expected)
    }

    @Test(arguments: ["ward:x", "ward:0", "district:", "senate", ""])
    func rejects(text: String) {
        #expect(NominationID(text) == nil)
    }
}

struct PhoneticsTests {
    @Test("Kölner Phonetik matches the published examples")
    func published() {
        #expect(ColognePhonetics.code("Müller-Lüdenscheidt") == "65752682")
        #expect(ColognePhonetics.code("Wikipedia") == "3412")
        #expect(ColognePhonetics.code("Breschnew") == "17863")
    }

    @Test(
        "Spelling variants share a code",
        arguments: [["Meier", "Mayer", "Maier", "Meyer"], ["Schmitt", "Schmidt"], ["Müller", "Mueller", "Miller"]])
    func variants(names: [String]) {
        let codes = Set(names.map { ColognePhonetics.code($0) })
        #expect(codes.count == 1)
    }

    @Test("Normalisation folds umlauts, accents, hyphens and titles")
    func normalisation() {
        #expect(Normalizer.nameKey("Dr. Müller-Lüdenscheidt") == "mueller luedenscheidt")
        #expect(Normalizer.nameKey("MUELLER  LUEDENSCHEIDT") == "mueller luedenscheidt")
        #expect(Normalizer.nameKey("Strauß") == Normalizer.nameKey("Strauss"))
        #expect(Normalizer.nameKey("Łukasz") == "lukasz")
        #expect(Normalizer.nameKey("Ayşe") == "ayse")
        #expect(Normalizer.nameKey("René") == "rene")
        #expect(Normalizer.nameKey("Mu\u{0308}ller") == "mueller")  // decomposed ü
        #expect(Normalizer.nameKey("Ğökçe Ñúñez") == "goekce nunez")
        #expect(Normalizer.nameKey("Øyvind Æsir") == "oyvind aesir")
        #expect(Normalizer.streetKey("Hauptstr.") == Normalizer.streetKey("Hauptstraße"))
        #expect(Normalizer.streetKey("Neusser Str.") == Normalizer.streetKey("Neusser Straße"))
        #expect(Normalizer.streetKey("Haupt-Strasse") == Normalizer.streetKey("Hauptstraße"))
        #expect(Normalizer.houseNumberKey("12 A") == Normalizer.houseNumberKey("12a"))
    }

    @Test("String distances")
    func distances() {
        #expect(StringDistance.osa("mueller", "muelelr") == 1)
        #expect(StringDistance.osa("anna", "hans") == 3)
        #expect(StringDistance.jaroWinkler("martha", "marhta") > 0.96)
    }
}
