import Foundation
import Testing

@testable import SignatureKit

struct VotemanagerStreetTests {
    let header = "datum;ags;Strassen-Name;Hausnummern-Bereich;PLZ;Ortsteil;Bezirk-Nr\n"

    @Test(
        "Hausnummern-Bereich pieces: even, odd, plain ranges, single numbers, letter suffixes, whole-street words, empty",
        arguments: [
            ("2-12 ger.", [(2, 12, StreetParity.even)]), ("45-49 ung.", [(45, 49, .odd)]), ("50-74", [(50, 74, .all)]),
            ("7", [(7, 7, .all)]), ("94A-123", [(94, 123, .all)]), ("1 A", [(1, 1, .all)]),
            ("2-12 ger., 45-49 ung.", [(2, 12, .even), (45, 49, .odd)]),
        ])
    func pieces(text: String, expected: [(Int, Int, StreetParity)]) throws {
        let got = try VotemanagerStreets.ranges(text) { SignatureKitError.invalidField(field: $0, reason: $1) }
        #expect(got.map { "\($0.from ?? -1)-\($0.to ?? -1)-\($0.parity)" } == expected.map { "\($0.0)-\($0.1)-\($0.2)" })
    }

    @Test("Whole-street words and an empty range cover the whole street")
    func wholeStreet() throws {
        let fail = { (f: String, r: String) in SignatureKitError.invalidField(field: f, reason: r) }
        #expect(try VotemanagerStreets.ranges("", fail: fail).map(\.parity) == [.all])
        #expect(try VotemanagerStreets.ranges("gerade", fail: fail).map(\.parity) == [.even])
        #expect(try VotemanagerStreets.ranges("ungerade", fail: fail).first?.from == nil)
        #expect(try VotemanagerStreets.ranges("alle", fail: fail).map(\.parity) == [.all])
    }

    @Test("A file with a polling-district map places addresses in wards; without it the number is the ward and that is said")
    func file() async throws {
        let dir = TestSupport.tempDir()
        let db = try TestSupport.database()
        let streets = TestSupport.write(
            header + "01.01.2025;05114000;Hauptstraße;2-98 ger.;47798;Mitte;1201\n01.01.2025;05114000;Hauptstraße;1-99 ung.;47798;Mitte;1301\n",
            in: dir, name: "opendata-strassen.csv")
        let map = TestSupport.write("Stimmbezirk;Wahlbezirk\n1201;12\n1301;13\n", in: dir, name: "stimmbezirke.csv")
        let reading = try await StreetDirectory.load(streets, into: db, pollingDistricts: map, by: Actor(account: "orga", role: .organizer))
        #expect(reading.votemanager && !reading.pollingDistrictTakenAsWard)
        #expect(reading.entries.map(\.ward) == [12, 13])
        _ = try db.record(TestSupport.sheet("V1", street: "Hauptstr.", house: "12"), enteredBy: "t", today: TestSupport.today)
        #expect(try db.sheetDetail("V1").addressWard == 12)
        // Without the map the Bezirk-Nr must itself be a ward of the election.
        let direct = TestSupport.write(header + "01.01.2025;05114000;Ostwall;;47798;Mitte;7\n", in: dir, name: "direct.csv")
        let plain = try StreetDirectory.read(direct, election: TestSupport.election)
        #expect(plain.pollingDistrictTakenAsWard && plain.entries.first?.ward == 7)
        #expect(
            throws: SignatureKitError.malformedRow(
                path: streets, problem: RowProblem(line: 2, field: "Bezirk-Nr", reason: "„1201“ ist kein Wahlbezirk dieser Wahl"))
        ) {
            try StreetDirectory.read(streets, election: TestSupport.election)
        }
    }

    @Test("A piece it cannot read is reported with its line, never guessed")
    func unreadable() throws {
        let dir = TestSupport.tempDir()
        let bad = TestSupport.write(
            header + "01.01.2025;05114000;Ostwall;1-9;47798;Mitte;7\n01.01.2025;05114000;Westwall;ab 12;47798;Mitte;7\n", in: dir)
        #expect(
            throws: SignatureKitError.malformedRow(
                path: bad, problem: RowProblem(line: 3, field: "Hausnummern-Bereich", reason: "Teil „ab 12“ nicht lesbar"))
        ) {
            try StreetDirectory.read(bad, election: TestSupport.election)
        }
    }

    @Test("An ISO-8859-1 file is detected and read, not refused")
    func latin1() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("alt.csv").path
        let text = "Straße;von;bis;Seite;Wahlbezirk;Stadtbezirk\nKönigstraße;1;99;alle;12;Mitte\n"
        FileManager.default.createFile(atPath: path, contents: text.data(using: .isoLatin1))
        let reading = try StreetDirectory.read(path, election: TestSupport.election)
        #expect(reading.latin1)
        #expect(reading.entries.first?.street == "Königstraße")
    }
}
