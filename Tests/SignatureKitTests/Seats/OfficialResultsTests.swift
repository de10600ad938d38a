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
