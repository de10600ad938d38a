import Foundation
import Testing

@testable import SignatureKit

struct OfficialResultsTests {
    func sample(_ name: String) -> String { TestSupport.root.appendingPathComponent("districts/results/\(name)").path }

    @Test("Each format is recognised from the file itself; our own formats are not")
    func detection() throws {
        #expect(try OfficialResults.detect(sample("beispiel-krzn-rat.csv")) == .krzn)
        #expect(try OfficialResults.detect(sample("beispiel-votemanager.csv")) == .votemanager)
        #expect(try OfficialResults.detect(sample("beispiel-wahldatenstandard.csv")) == .openStandard)
        #expect(try OfficialResults.detect(sample("krefeld-2025-rat.csv")) == nil)
    }

    @Test("KRZN: key row gives the party names, the city total is not counted twice, rows are the wards of a council file")
    func krzn() throws {
        let r = try OfficialResults.read(sample("beispiel-krzn-rat.csv"), format: .krzn)
        #expect(r.parties == ["CDU", "SPD", "AfD", "GRÜNE", "LUKS"])
        #expect(r.areas.count == 3 && r.skippedTotalRows == 1)
        #expect(r.eligible == 10850 && r.voters == 5216 && r.invalid == 63 && r.valid == 5153)
        #expect(r.turnout == 48.07)
        #expect(r.wards?.map { $0.winner ?? "-" } == ["CDU", "CDU", "SPD"])
        #expect(r.partyVotes.map(\.votes) == [1868, 1605, 913, 602, 165])
        #expect(r.partyVotes.map(\.wardsWon) == [2, 1, 0, 0, 0])
    }

    @Test("KRZN: --- means no candidate there (0), not a missing report")
    func krznDashes() throws {
        let dir = TestSupport.tempDir()
        let text = try String(contentsOfFile: sample("beispiel-krzn-rat.csv"), encoding: .utf8)
            .replacingOccurrences(of: ";612;540;301;244;58", with: ";612;540;301;244;---")
            .replacingOccurrences(of: ";1868;1605;913;602;165", with: ";1868;1605;913;602;107")  // the city row agrees
        let path = TestSupport.write(text, in: dir, name: "k.csv")
        let r = try OfficialResults.read(path, format: .krzn)
        #expect(r.missingAreas == 0)
        #expect(r.partyVotes.last?.votes == 165 - 58)
    }

    @Test("votemanager: names from open_data.json or a column;party key; an empty cell is not yet reported, never zero")
    func votemanager() throws {
        let r = try OfficialResults.read(
            sample("beispiel-votemanager.csv"), format: .votemanager, parties: sample("beispiel-votemanager-open_data.json"))
        #expect(r.missingAreas == 1 && r.areas.count == 3)
        #expect(r.parties.first == "CDU" && r.valid == 1743)
        #expect(r.wards == nil)
        let dir = TestSupport.tempDir()
        let key = TestSupport.write("column;party\nD1;CDU\nD2;SPD\nD3;AfD\nD4;GRÜNE\nD5;LUKS\n", in: dir, name: "key.csv")
        #expect(try OfficialResults.read(sample("beispiel-votemanager.csv"), format: .votemanager, parties: key).parties.last == "LUKS")
        let partial = TestSupport.write("column;party\nD1;CDU\n", in: dir, name: "partial.csv")
        #expect(
            throws: SignatureKitError.malformedRow(
                path: partial, problem: RowProblem(line: 1, field: "D2", reason: "kein Parteiname im Schlüssel (--parties DATEI)"))
        ) {
            try OfficialResults.read(sample("beispiel-votemanager.csv"), format: .votemanager, parties: partial)
        }
    }

    @Test("Open standard: ballot file for names, polling districts summed into wards, winners and overhang check")
    func openStandard() throws {
        let r = try OfficialResults.read(
            sample("beispiel-wahldatenstandard.csv"), format: .openStandard, parties: sample("beispiel-wahldatenstandard-stimmzettel.csv"),
            pollingDistricts: sample("beispiel-stimmbezirke.csv"))
        #expect(r.wards?.map(\.ward) == ["1", "2"])
        #expect(r.wards?.map { $0.winner ?? "-" } == ["CDU", "SPD"])
        let seats = SeatAllocator.allocate(r.partyVotes, options: SeatOptions(councilSize: 10))
        #expect(seats.overhangChecked)
    }

    @Test("Bad files name line and column: wrong number of cells, a non-number")
    func badFiles() throws {
        let dir = TestSupport.tempDir()
        let text = try String(contentsOfFile: sample("beispiel-krzn-rat.csv"), encoding: .utf8)
        let short = TestSupport.write(text.replacingOccurrences(of: ";612;540;301;244;58", with: ";612;540;301;244"), in: dir, name: "s.csv")
        #expect(throws: SignatureKitError.malformedRow(path: short, problem: RowProblem(line: 4, field: "Zeile", reason: "18 Felder statt 19"))) {
            try OfficialResults.read(short, format: .krzn)
        }
        let word = TestSupport.write(text.replacingOccurrences(of: ";612;540;301;244;58", with: ";612;viele;301;244;58"), in: dir, name: "w.csv")
        #expect(throws: SignatureKitError.malformedRow(path: word, problem: RowProblem(line: 4, field: "D2", reason: "„viele“ ist keine Zahl ≥ 0"))) {
            try OfficialResults.read(word, format: .krzn)
        }
        let r = try CLITests().run("sig-report", ["results", word])
        #expect(r.status == 2)
        #expect(r.err.contains("Zeile 4, Feld „D2“"))
    }
}

extension OfficialResultsTests {
    @Test("A total row on the same level (the sum of all others) is counted once, not twice")
    func totalRow() throws {
        let dir = TestSupport.tempDir()
        var text = try String(contentsOfFile: sample("beispiel-wahldatenstandard.csv"), encoding: .utf8)
        text += "1.0;05114000;14.09.2025;Ratswahl;0;Stadt gesamt;14.09.2025 20:15;4680;105;15;4800;2437;608;27;2410;820;810;400;285;95\n"
        let path = TestSupport.write(text, in: dir, name: "mit-summe.csv")
        let r = try OfficialResults.read(path, format: .openStandard, parties: sample("beispiel-wahldatenstandard-stimmzettel.csv"))
        #expect(r.skippedTotalRows == 1)
        #expect(r.valid == 2410 && r.areas.count == 3)
    }
}

/// Every ballot counts (issue 18, part 3): urn and postal districts, aggregates recognised by their level, checked
/// against the districts, never counted twice.
struct EveryBallotTests {
    static let krznHeader = """
        CSV-Datei erstellt am: 15.09.2025 01:00:00
        WAHLDATUM;WAHLART;GEBIET;EBENE;NR;BEZEICHNUNG;A;A1;A2;A3;B;B1;C;D;D1;D2;D3
        ;;;;;;;;;;;;;;CDU;SPD;LUKS

        """
    static let krznRows = [
        "14.09.2025;Ratswahl;Stadt Musterstadt;Stimmbezirk;0101;Schule A;1000;1000;0;0;500;0;5;495;210;190;95",
        "14.09.2025;Ratswahl;Stadt Musterstadt;Stimmbezirk;0102;Schule B;1000;1000;0;0;400;0;4;396;150;150;96",
        "14.09.2025;Ratswahl;Stadt Musterstadt;Stimmbezirk;0201;Schule C;1200;1200;0;0;600;0;6;594;300;200;94",
        "14.09.2025;Ratswahl;Stadt Musterstadt;Briefwahlbezirk;0190;Briefwahl 1;0;0;0;0;300;300;3;297;100;100;97",
        "14.09.2025;Ratswahl;Stadt Musterstadt;Briefwahlbezirk;0290;Briefwahl 2;0;0;0;0;200;200;2;198;90;60;48",
        "14.09.2025;Ratswahl;Stadt Musterstadt;Wahlbezirk;01;Nord;2000;2000;0;0;1200;300;12;1188;460;440;288",
        "14.09.2025;Ratswahl;Stadt Musterstadt;Wahlbezirk;02;Süd;1200;1200;0;0;800;200;8;792;390;260;142",
        "14.09.2025;Ratswahl;Stadt Musterstadt;Gemeinde;0;Stadt Musterstadt;3200;3200;0;0;2000;500;20;1980;850;700;430",
    ]

    static func krzn(_ rows: [String]) throws -> String {
        TestSupport.write(krznHeader + rows.joined(separator: "\n") + "\n", in: TestSupport.tempDir(), name: "ergebnis.csv")
    }

    @Test("KRZN council file with urn and postal districts, ward and city rows: every district counts once, turnout counts postal voters")
    func urnAndPostal() throws {
        let r = try OfficialResults.read(try Self.krzn(Self.krznRows), format: .krzn)
        #expect(r.areas.map(\.number) == ["0101", "0102", "0201", "0190", "0290"])
        #expect(r.voters == 2000 && r.eligible == 3200 && r.valid == 1980)
        #expect(r.turnout == 62.5)
        #expect(r.skippedTotalRows == 3)
        #expect(r.partyVotes.map(\.votes) == [850, 700, 430])
        #expect(r.wards?.map(\.ward) == ["01", "02"])
        #expect(r.wards?.map(\.winner) == ["CDU", "CDU"])
    }

    @Test(
        "Totals that disagree with the districts: an error naming the level and the difference",
        arguments: [
            (
                "Gemeinde;0;Stadt Musterstadt;3200;3200;0;0;2000;500;20;1980;850;700;430",
                "Gemeinde;0;Stadt Musterstadt;3200;3200;0;0;2000;500;20;1980;851;700;430",
                "„Gemeinde“: Stimmen CDU: Summenzeile 851, Stimmbezirke zusammen 850 (Unterschied -1)"
            ),
            (
                "Wahlbezirk;02;Süd;1200;1200;0;0;800;200;8;792", "Wahlbezirk;02;Süd;1200;1200;0;0;600;200;8;792",
                "„Wahlbezirk“: Wählende (B): Summenzeile 1800, Stimmbezirke zusammen 2000 (Unterschied 200)"
            ),
        ])
    func totalsDisagree(original: String, changed: String, message: String) throws {
        let rows = Self.krznRows.map { $0.replacingOccurrences(of: original, with: changed) }
        #expect(rows != Self.krznRows)
        do {
            _ = try OfficialResults.read(try Self.krzn(rows), format: .krzn)
            Issue.record("no error")
        } catch let error as SignatureKitError {
            #expect(error.errorDescription?.contains(message) == true, "\(error.errorDescription ?? "")")
        }
    }

    @Test("An unknown level in a KRZN file is refused with its line, not counted")
    func unknownLevel() throws {
        let rows = Self.krznRows.map { $0.replacingOccurrences(of: ";Briefwahlbezirk;0290;", with: ";Sonstiges;0290;") }
        #expect(throws: SignatureKitError.self) { try OfficialResults.read(try Self.krzn(rows), format: .krzn) }
    }

    @Test("votemanager with postal districts and a city total: the postal votes count, the total is checked and not counted twice")
    func votemanagerPostal() throws {
        var text = try String(contentsOfFile: OfficialResultsTests().sample("beispiel-votemanager.csv"), encoding: .utf8)
        text = text.split(separator: "\n").filter { !$0.contains(";0202;") }.joined(separator: "\n") + "\n"
        text += "14.09.2025;Ratswahl Krefeld 2025;05114000;9001;Briefwahlbezirk 9001;4;4;0;0;0;0;300;300;3;297;100;100;50;30;17\n"
        text += "14.09.2025;Ratswahl Krefeld 2025;05114000;0;Stadt Krefeld;4;4;3410;105;15;3530;2065;887;25;2040;759;621;336;254;70\n"
        let path = TestSupport.write(text, in: TestSupport.tempDir(), name: "vm.csv")
        let r = try OfficialResults.read(path, format: .votemanager, parties: OfficialResultsTests().sample("beispiel-votemanager-open_data.json"))
        #expect(r.areas.count == 4 && r.skippedTotalRows == 1)
        #expect(r.voters == 616 + 560 + 589 + 300 && r.valid == 2040)
        // The same total, one vote off: refused.
        let off = text.replacingOccurrences(of: ";759;621;336;254;70", with: ";760;621;336;254;70")
        let offPath = TestSupport.write(off, in: TestSupport.tempDir(), name: "vm.csv")
        #expect(throws: SignatureKitError.self) {
            try OfficialResults.read(offPath, format: .votemanager, parties: OfficialResultsTests().sample("beispiel-votemanager-open_data.json"))
        }
    }

    @Test("A row that is the sum of the others but named like a district is refused, never guessed")
    func unnamedTotal() throws {
        var text = try String(contentsOfFile: OfficialResultsTests().sample("beispiel-wahldatenstandard.csv"), encoding: .utf8)
        text += "1.0;05114000;14.09.2025;Ratswahl;99;Krefeld;14.09.2025 20:15;4680;105;15;4800;2437;608;27;2410;820;810;400;285;95\n"
        let path = TestSupport.write(text, in: TestSupport.tempDir(), name: "os.csv")
        #expect(throws: SignatureKitError.self) {
            try OfficialResults.read(
                path, format: .openStandard, parties: OfficialResultsTests().sample("beispiel-wahldatenstandard-stimmzettel.csv"))
        }
    }
}
