import Foundation
import Testing

@testable import SignatureKit

/// The election builder against hand-computed cases from the statute tables (issue 18).
struct ElectionBuilderTests {
    typealias T = TestSupport

    static func local(
        _ kind: ElectionKind = .kommunalwahl, inhabitants: Int, voters: Int, council: Int? = nil, wards: Int? = nil,
        districts: [(String, Int)] = []
    ) throws -> Election {
        var spec = ElectionSpec(kind: kind, name: "Wahl Musterstadt 2030", electionDay: T.day("2030-09-08"))
        spec.city = "Musterstadt"
        spec.inhabitants = inhabitants
        spec.voters = voters
        spec.councilSize = council
        spec.wards = wards
        spec.districts = districts
        return try ElectionBuilder.build(spec)
    }

    @Test(
        "§ 3 Abs. 2 for a Gemeinde: every boundary of the table (council, wards, mayor 5× or 3×)",
        arguments: [
            (5_000, 20, 60), (5_001, 26, 78), (8_000, 26, 78), (8_001, 32, 96), (10_000, 32, 96), (10_001, 32, 160), (15_000, 32, 160),
            (15_001, 38, 190), (30_000, 38, 190), (30_001, 44, 220), (50_000, 44, 220), (50_001, 50, 250), (100_000, 50, 250),
            (100_001, 58, 290), (250_000, 58, 290), (250_001, 66, 330), (400_000, 66, 330), (400_001, 74, 370), (550_000, 74, 370),
            (550_001, 82, 410), (700_000, 82, 410), (700_001, 90, 450),
        ])
    func municipalTable(inhabitants: Int, council: Int, mayor: Int) throws {
        let e = try Self.local(inhabitants: inhabitants, voters: inhabitants * 4 / 5)
        #expect(e.councilSize.value == council)
        #expect(e.wards.count == council / 2)
        #expect(e.required(for: .mayor) == mayor)
    }

    @Test(
        "§ 3 Abs. 2 for a Kreis: every boundary; the Landrat is always 5 × the Kreistag",
        arguments: [
            (200_000, 48), (200_001, 54), (300_000, 54), (300_001, 60), (400_000, 60), (400_001, 66), (500_000, 66), (500_001, 72),
        ])
    func kreisTable(inhabitants: Int, council: Int) throws {
        let e = try Self.local(.kreistag, inhabitants: inhabitants, voters: inhabitants * 4 / 5)
        #expect(e.councilSize.value == council)
        #expect(e.required(for: .mayor) == 5 * council)
        #expect(e.label(.mayor) == "Landrat/Landrätin")
        #expect(!e.checksResidenceByCity)
    }

    @Test("Small town (9,500 inhabitants): 32 seats, 16 wards of 5, list 7 (1 ‰ of 7,000 rounded up, at least 5), mayor 3 × 32")
    func smallTown() throws {
        let e = try Self.local(inhabitants: 9_500, voters: 7_000)
        #expect(e.wards.count == 16)
        #expect(e.wards.allSatisfy { e.required(for: .ward($0.number)) == 5 })
        #expect(e.required(for: .list) == 7)
        #expect(e.required(for: .mayor) == 96)
        #expect(e.label(.mayor) == "Bürgermeister/in")
        #expect(e.deadlineDay == T.day("2030-07-01"))  // 69 days before 08.09.2030
        #expect(e.minimumAge.value == 16 && e.conflicts == .review)
        #expect(try Self.local(inhabitants: 3_000, voters: 2_000).required(for: .list) == 5)  // the minimum
    }

    @Test("A city over 500,000 with districts: 74 seats, 37 wards of 20, list capped at 100, districts 1 ‰ capped at 50")
    func bigCity() throws {
        let e = try Self.local(
            inhabitants: 520_000, voters: 390_000, districts: [("Nord", 60_000), ("Süd", 42_345), ("Mitte", 4_000)])
        #expect(e.councilSize.value == 74 && e.wards.count == 37)
        #expect(e.wards.allSatisfy { e.required(for: .ward($0.number)) == 20 })  // 520,000 / 37 ≈ 14,054
        #expect(e.required(for: .list) == 100)
        #expect(e.required(for: .mayor) == 370)
        #expect(e.label(.mayor) == "Oberbürgermeister/in")
        #expect(e.required(for: .district("Nord")) == 50)
        #expect(e.required(for: .district("Süd")) == 43)
        #expect(e.required(for: .district("Mitte")) == 5)
    }

    @Test("Krefeld built from its figures equals the bundled file: wards 10, list 100, mayor 290, districts 36; nothing unconfirmed")
    func krefeld() throws {
        var spec = ElectionSpec(kind: .kommunalwahl, name: "Kommunalwahl Krefeld 2025", electionDay: T.day("2025-09-14"))
        spec.city = "Krefeld"
        spec.inhabitants = 227_000
        spec.voters = 175_677
        spec.districts = ["Mitte", "West", "Nord", "Ost", "Süd"].map { ($0, 35_135) }
        let built = try ElectionBuilder.build(spec)
        let bundled = T.election
        #expect(built.allNominations == bundled.allNominations)
        for n in bundled.allNominations { #expect(built.required(for: n) == bundled.required(for: n), "\(n)") }
        #expect(built.required(for: .ward(1)) == 10 && built.required(for: .list) == 100 && built.required(for: .mayor) == 290)
        #expect(built.deadlineDay == bundled.deadlineDay && built.minimumAge.value == bundled.minimumAge.value)
        #expect(built.wards.allSatisfy { built.wardQuotaKnown($0.number) })
        #expect(bundled.wards.allSatisfy { bundled.wardQuotaKnown($0.number) })
    }

    @Test("A Satzung may shrink the council by 2 to 12 (never below 20); the wards are half of it")
    func satzung() throws {
        let e = try Self.local(inhabitants: 60_000, voters: 48_000, council: 44)
        #expect(e.councilSize.value == 44 && e.wards.count == 22 && e.required(for: .mayor) == 220)
        for bad in [51, 48 - 12, 52] {
            #expect(throws: SignatureKitError.self) { try Self.local(inhabitants: 60_000, voters: 48_000, council: bad) }
        }
        #expect(
            throws: SignatureKitError.invalidField(
                field: "--wards", reason: "24 passt nicht zu 50 Sitzen: die Hälfte der Sitze wird in Wahlbezirken gewählt, also 25")
        ) {
            try Self.local(inhabitants: 60_000, voters: 48_000, wards: 24)
        }
    }

    @Test("Bundestag in NRW: Landesliste 1 ‰ of the state's voters capped at 2,000, 200 per constituency, age 18, the first signature counts")
    func bundestag() throws {
        var spec = ElectionSpec(kind: .bundestag, name: "Bundestagswahl 2029", electionDay: T.day("2029-09-23"))
        spec.stateVoters = 12_900_000
        spec.constituencies = [Constituency(number: 110, name: "Krefeld I – Neuss II"), Constituency(number: 114, name: "Krefeld II – Wesel II")]
        let e = try ElectionBuilder.build(spec)
        #expect(e.allNominations == [.list, .constituency(110), .constituency(114)])
        #expect(e.required(for: .list) == 2_000 && e.required(for: .constituency(110)) == 200)
        #expect(e.label(.list) == "Landesliste" && e.label(.constituency(110)) == "Wahlkreis 110 – Krefeld I – Neuss II")
        #expect(e.minimumAge.value == 18 && e.conflicts == .firstSignedCounts)
        #expect(e.deadlineDay == T.day("2029-07-16"))
        spec.stateVoters = 484_000  // Bremen-sized: 484
        #expect(try ElectionBuilder.build(spec).required(for: .list) == 484)
        #expect(e.nomination(parsing: "110") == .constituency(110))
        #expect(e.nomination(parsing: "Wahlkreis 114") == .constituency(114))
    }

    @Test("Landtag 2027: 200 per constituency and 2,000 for the list, both marked unconfirmed; age 16")
    func landtag() throws {
        var spec = ElectionSpec(kind: .landtag, name: "Landtagswahl NRW 2027", electionDay: T.day("2027-04-25"))
        spec.constituencies = [Constituency(number: 48, name: "Krefeld I")]
        let e = try ElectionBuilder.build(spec)
        #expect(e.required(for: .list) == 2_000 && e.required(for: .constituency(48)) == 200)
        #expect(e.quotas.list.confirmed == false && e.quotas.constituency?.confirmed == false)
        #expect(e.minimumAge.value == 16)
    }

    @Test("A 17-year-old is under age for the Bundestag and fine for the Kommunalwahl")
    func seventeen() throws {
        var spec = ElectionSpec(kind: .bundestag, name: "Bundestagswahl 2025", electionDay: T.day("2025-09-14"))
        spec.stateVoters = 12_900_000
        spec.constituencies = [Constituency(number: 12, name: "Krefeld")]
        let bundestag = try ElectionBuilder.build(spec)
        let born = "01.01.2008"  // 17 on 14.09.2025
        let sheet = { (n: NominationID) in T.sheet("F1", nomination: n, born: born) }
        let federal = Rules.evaluate(
            RuleInput(sheet: sheet(.constituency(12)), election: bundestag, address: .noDirectory, meetingDate: nil, today: T.today))
        #expect(federal.contains { $0.code == "under-age" })
        let local = Rules.evaluate(RuleInput(sheet: sheet(.ward(12)), election: T.election, address: .noDirectory, meetingDate: nil, today: T.today))
        #expect(!local.contains { $0.code == "under-age" })
        // No place-name check statewide: a signer from Köln is not refused.
        #expect(!federal.contains { $0.code == "not-resident" })
    }

    @Test("Bad input names the option, nothing is built: voters 0, wards not fitting, a duplicate constituency, missing figures")
    func badInput() throws {
        #expect(throws: SignatureKitError.invalidField(field: "--voters", reason: "muss größer als 0 sein")) {
            try Self.local(inhabitants: 9_000, voters: 0)
        }
        var spec = ElectionSpec(kind: .bundestag, name: "BTW", electionDay: T.day("2029-09-23"))
        spec.stateVoters = 1_000
        spec.constituencies = [Constituency(number: 1, name: "A"), Constituency(number: 1, name: "B")]
        #expect(throws: SignatureKitError.invalidField(field: "--constituency", reason: "Wahlkreis 1 ist doppelt angegeben")) {
            try ElectionBuilder.build(spec)
        }
        spec.constituencies = [Constituency(number: 1, name: "A")]
        spec.stateVoters = nil
        #expect(throws: SignatureKitError.invalidField(field: "--state-voters", reason: "fehlt")) { try ElectionBuilder.build(spec) }
        var town = ElectionSpec(kind: .kommunalwahl, name: "KW", electionDay: T.day("2030-09-08"))
        town.voters = 100
        town.city = "X"
        #expect(throws: SignatureKitError.invalidField(field: "--inhabitants", reason: "fehlt")) { try ElectionBuilder.build(town) }
    }

    @Test("The written file is what init takes, and the database keeps the election: later commands need no --election")
    func fileAndDatabase() throws {
        let dir = T.tempDir()
        let file = dir.appendingPathComponent("musterstadt.json").path
        let e = try Self.local(inhabitants: 9_500, voters: 7_000)
        try ElectionBuilder.write(e, to: file)
        #expect(throws: SignatureKitError.self) { try ElectionBuilder.write(e, to: file) }  // never overwritten
        let loaded = try ElectionCatalog.load(file)
        #expect(loaded.allNominations == e.allNominations && loaded.required(for: .mayor) == 96)
        let path = dir.appendingPathComponent("k.sqlite").path
        _ = try SignatureDatabase.create(at: path, election: loaded)
        try FileManager.default.removeItem(atPath: file)
        let reopened = try SignatureDatabase.open(at: path)
        #expect(reopened.election.id == "wahl-musterstadt-2030" && reopened.election.required(for: .list) == 7)
    }
}

/// The conflict rule is election data (issue 18): the Bundestag's "the first signature counts" against the
/// Kommunalwahl's review.
struct ConflictRuleTests {
    typealias T = TestSupport

    static func bundestag() throws -> SignatureDatabase {
        var spec = ElectionSpec(kind: .bundestag, name: "Bundestagswahl 2025", electionDay: T.day("2025-09-14"))
        spec.stateVoters = 12_900_000
        spec.constituencies = [Constituency(number: 110, name: "Krefeld I"), Constituency(number: 114, name: "Krefeld II")]
        return try SignatureDatabase.inMemory(election: try ElectionBuilder.build(spec))
    }

    @Test("Bundestag: of two constituencies signed by one person the first-signed counts, the later one not – whichever was entered first")
    func firstSignedCounts() throws {
        let db = try Self.bundestag()
        let first = try db.record(T.sheet("F1", nomination: .constituency(114), signed: "02.05.2025"), enteredBy: "a", today: T.today)
        #expect(first.canCount)
        // Entered later but signed earlier: this one stays valid, F1 no longer counts.
        let second = try db.record(T.sheet("F2", nomination: .constituency(110), signed: "01.05.2025"), enteredBy: "a", today: T.today)
        #expect(second.canCount)
        #expect(try db.sheetDetail("F1").canCount == false && db.sheetDetail("F1").duplicateOf == "F2")
        let verdict = SheetVerdict(second, election: db.election)
        #expect(verdict.headline == "F2: gespeichert – kann zählen.")
        #expect(verdict.items.first?.message.contains("die auf F1 ist später und zählt nicht") == true)
        // A third, signed later still: it does not count at once.
        let third = try db.record(
            T.sheet("F3", nomination: .constituency(114), given: "Anna Maria", signed: "03.05.2025"), enteredBy: "a", today: T.today)
        #expect(!third.canCount)
        let progress = try db.progressReport(ProgressSettings(asOf: T.today))
        #expect(progress.nominations.map(\.pending).reduce(0, +) == 1)
    }

    @Test("Kommunalwahl: a conflict waits for the review; both stay pending")
    func reviewDecides() throws {
        let db = try T.database()
        _ = try db.record(T.sheet("F1", nomination: .ward(3), signed: "02.05.2025"), enteredBy: "a", today: T.today)
        let second = try db.record(T.sheet("F2", nomination: .ward(4), signed: "01.05.2025"), enteredBy: "a", today: T.today)
        #expect(second.canCount)
        #expect(SheetVerdict(second, election: db.election).headline == "F2: gespeichert – kann zählen, aber nur wenn der Konflikt geklärt wird.")
        #expect(try db.sheetDetail("F1").canCount && db.sheetDetail("F2").canCount)
    }

    @Test("sig-cli election new: a bad option exits 2 naming it and writes nothing; a good one writes a file init takes")
    func cli() throws {
        let cli = CLITests()
        let dir = T.tempDir()
        let file = dir.appendingPathComponent("btw.json").path
        let bad = try cli.run(
            "sig-cli",
            [
                "election", "new", "--kind", "bundestag", "--name", "BTW", "--election-day", "23.09.2029", "--state-voters", "0", "--constituency",
                "1=A", "--output", file,
            ])
        #expect(bad.status == 2 && bad.err.contains("„--state-voters“: muss größer als 0 sein"))
        #expect(!FileManager.default.fileExists(atPath: file))
        let unknown = try cli.run(
            "sig-cli", ["election", "new", "--kind", "europawahl", "--name", "X", "--election-day", "1.1.2030", "--output", file])
        #expect(unknown.status == 64 && unknown.err.contains("--kind"))
        let good = try cli.run(
            "sig-cli",
            [
                "election", "new", "--kind", "bundestag", "--name", "BTW 2029", "--election-day", "23.09.2029", "--state-voters", "12900000",
                "--constituency", "110=Krefeld I – Neuss II", "--output", file,
            ])
        #expect(good.status == 0, "\(good.err)")
        #expect(good.out.contains("Landesliste: 2000 Unterschriften (BWahlG § 27 Abs. 1 S. 2)"))
        let db = dir.appendingPathComponent("k.sqlite").path
        #expect(try cli.run("sig-cli", ["init", "--db", db, "--election", file]).status == 0)
        let add = try cli.run(
            "sig-cli",
            [
                "add", "--db", db, "--sheet", "F1", "--nomination", "110", "--surname", "Meier", "--given-names", "Anna", "--born", "01.01.2012",
                "--street", "Hauptstraße", "--house-number", "1", "--postal-code", "47798", "--city", "Krefeld", "--signed-on", "01.05.2029",
            ])
        #expect(add.out.contains("F1: gespeichert – zählt NICHT.") && add.out.contains("[under-age]"))
    }
}

/// The manual's worked examples (issue 18, part 4; docs/handbuch.md) run as written and print what it shows.
struct ReadmeElectionExampleTests {
    /// Splits a shell line into words, with double quotes.
    static func words(_ line: String) -> [String] {
        var out: [String] = []
        var current = ""
        var quoted = false
        var any = false
        for ch in line {
            if ch == "\"" {
                quoted.toggle()
                any = true
            } else if ch == " " && !quoted {
                if any || !current.isEmpty { out.append(current) }
                current = ""
                any = false
            } else {
                current.append(ch)
            }
        }
        if any || !current.isEmpty { out.append(current) }
        return out
    }

    @Test("Handbuch: the two election examples (small town, large city) give exactly the figures the manual prints")
    func examples() throws {
        let readme = try String(contentsOf: TestSupport.root.appendingPathComponent("docs/handbuch.md"), encoding: .utf8)
        let marker = try #require(readme.range(of: "<!-- test: election-examples -->"))
        let rest = readme[marker.upperBound...]
        let blocks = rest.components(separatedBy: "```")
        // blocks[1] = "sh\n<commands>", blocks[3] = "\n<output>"
        let commands = blocks[1].split(separator: "\n").dropFirst().map(String.init).filter { $0.hasPrefix("swift run sig-cli ") }
        #expect(commands.count == 2)
        let expected = blocks[3].trimmingCharacters(in: .newlines)
        let dir = TestSupport.tempDir()
        var output = ""
        for command in commands {
            let args = Self.words(String(command.dropFirst("swift run sig-cli ".count)))
            let run = try CLITests().run("sig-cli", args, cwd: dir)
            #expect(run.status == 0, "\(run.err)")
            output += run.out
        }
        #expect(output.trimmingCharacters(in: .newlines) == expected)
        let town = try ElectionCatalog.load(dir.appendingPathComponent("kleinstadt.json").path)
        #expect(town.councilSize.value == 32 && town.required(for: .mayor) == 96 && town.required(for: .list) == 8)
        let city = try ElectionCatalog.load(dir.appendingPathComponent("grossstadt.json").path)
        #expect(city.councilSize.value == 82 && city.wards.count == 41 && city.required(for: .district("Mitte")) == 44)
    }
}
