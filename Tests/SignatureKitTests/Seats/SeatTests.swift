import Foundation
import Testing

@testable import SignatureKit

struct SeatTests {
    let ministry = [7336, 3599, 1250, 1249, 591, 515, 295, 165]
    func parties(_ votes: [Int], wards: [Int?]? = nil) -> [PartyVotes] {
        votes.enumerated().map { i, v in
            PartyVotes(party: String(UnicodeScalar(UInt8(65 + i))), votes: v, wardsWon: wards?[i] ?? 0)
        }
    }

    @Test("The ministry's worked example: 44 seats, Sainte-Laguë/Schepers")
    func ministryExample() {
        let r = SeatAllocator.allocate(parties(ministry), options: SeatOptions(councilSize: 44))
        #expect(r.parties.map(\.seats) == [21, 10, 4, 4, 2, 2, 1, 0])
        #expect(r.councilSize == 44)
        #expect(r.ties.isEmpty)
    }

    @Test("The three methods differ on the same votes")
    func methods() {
        let dh = SeatAllocator.allocate(parties(ministry), options: SeatOptions(councilSize: 44, method: .dhondt))
        #expect(dh.parties.map(\.seats) == [23, 11, 4, 4, 1, 1, 0, 0])
        let hn = SeatAllocator.allocate(parties(ministry), options: SeatOptions(councilSize: 44, method: .hareNiemeyer))
        #expect(hn.parties.map(\.seats) == [21, 11, 4, 4, 2, 1, 1, 0])
    }

    @Test("Krefeld 2025 (votes derived from the published shares): LUKS 2 seats of 58")
    func krefeld() throws {
        let path = TestSupport.root.appendingPathComponent("districts/results/krefeld-2025-rat.csv").path
        let input = try ResultsInput.partyTotals(path: path, wardCount: 29)
        let r = SeatAllocator.allocate(input, options: SeatOptions(councilSize: 58))
        #expect(r.parties.map(\.seats) == [18, 15, 9, 6, 3, 2, 2, 2, 1, 0])
        #expect(r.parties.first { $0.party == "CDU" }?.percent == 30.52)
        #expect(r.parties.first { $0.party == "LUKS" }?.percent == 2.8)
        #expect(r.overhangChecked == false)
    }

    @Test("Overhang enlarges the council to an even size and allocates again")
    func overhang() {
        // A wins 12 wards but gets 10 of 20 seats proportionally.
        let input = [
            PartyVotes(party: "A", votes: 4800, wardsWon: 12), PartyVotes(party: "B", votes: 3000, wardsWon: 0),
            PartyVotes(party: "C", votes: 2200, wardsWon: 0),
        ]
        var o = SeatOptions(councilSize: 20)
        o.majorityBonus = false
        let base = SeatAllocator.apportionForTest(input.map(\.votes), seats: 20)
        #expect(base == [10, 6, 4])
        let r = SeatAllocator.allocate(input, options: o)
        // 12 × 10000 / 4800 = 25 → odd → 26
        #expect(r.councilSize == 26)
        #expect(r.parties.map(\.seats) == [12, 8, 6])
        o.evenEnlargedSize = false
        #expect(SeatAllocator.allocate(input, options: o).councilSize == 25)
    }

    @Test("Two overhang lists: the larger enlargement counts (A 25, B 30 → 30)")
    func twoOverhangs() {
        let input = [
            PartyVotes(party: "A", votes: 4000, wardsWon: 10), PartyVotes(party: "B", votes: 3000, wardsWon: 9),
            PartyVotes(party: "C", votes: 3000, wardsWon: 0),
        ]
        let r = SeatAllocator.allocate(input, options: SeatOptions(councilSize: 20))
        #expect(SeatAllocator.apportionForTest([4000, 3000, 3000], seats: 20) == [8, 6, 6])
        #expect(r.councilSize == 30)
        #expect(r.parties.map(\.seats) == [12, 9, 9])
        #expect(r.parties.map(\.listSeats) == [2, 0, 9])
    }

    @Test("Votes of lists without reserve list leave the total; their ward seats leave the council size")
    func noReserveList() {
        let input = [
            PartyVotes(party: "A", votes: 5000, wardsWon: 5), PartyVotes(party: "B", votes: 3000, wardsWon: 3),
            PartyVotes(party: "Einzelbewerber", votes: 1000, wardsWon: 1, hasReserveList: false),
        ]
        let r = SeatAllocator.allocate(input, options: SeatOptions(councilSize: 20))
        #expect(r.adjustedVotes == 8000)
        // 19 seats over 5000:3000 → 12:7, plus the independent's ward seat
        #expect(r.parties.map(\.seats) == [12, 7, 1])
        #expect(r.councilSize == 20)
    }

    @Test("District council: 2.5 % threshold, 19 seats")
    func districtCouncil() {
        let input = [
            PartyVotes(party: "A", votes: 5000), PartyVotes(party: "B", votes: 3000), PartyVotes(party: "C", votes: 1800),
            PartyVotes(party: "D", votes: 200),
        ]
        var o = SeatOptions(councilSize: TestSupport.election.districtCouncilSize?.value ?? 0)
        o.threshold = TestSupport.election.districtCouncilThreshold?.value ?? 0
        let r = SeatAllocator.allocate(input, options: o)
        #expect(r.councilSize == 19)
        #expect(r.adjustedVotes == 9800)
        #expect(r.parties.map(\.seats) == [10, 6, 3, 0])
        #expect(r.steps.contains("Sperrklausel 2,5 %: 1 Liste ausgeschieden, verbleibende Stimmen 9800."))
    }

    @Test("Absolute majority of votes but not of seats gives one more seat")
    func majority() {
        // A has 50.1 % of votes; 2 of 4 seats with Sainte-Laguë is not a majority.
        let input = [
            PartyVotes(party: "A", votes: 501, wardsWon: 0), PartyVotes(party: "B", votes: 250, wardsWon: 0),
            PartyVotes(party: "C", votes: 249, wardsWon: 0),
        ]
        let r = SeatAllocator.allocate(input, options: SeatOptions(councilSize: 4))
        #expect(r.parties.map(\.seats) == [3, 1, 1])
        #expect(r.councilSize == 5)
    }

    @Test("A tie for the last seat is reported, and decided only by the lot given")
    func tie() {
        let input = [
            PartyVotes(party: "A", votes: 400, wardsWon: 0), PartyVotes(party: "B", votes: 100, wardsWon: 0),
            PartyVotes(party: "C", votes: 100, wardsWon: 0),
        ]
        var o = SeatOptions(councilSize: 3)
        o.majorityBonus = false
        let open = SeatAllocator.allocate(input, options: o)
        #expect(open.ties.count == 1)
        #expect(open.ties[0].decidedByLot == false)
        #expect(open.ties[0].parties == ["B", "C"])
        #expect(open.parties.map(\.seats) == [2, 0, 0])
        o.lot = ["C", "B"]
        let drawn = SeatAllocator.allocate(input, options: o)
        #expect(drawn.parties.map(\.seats) == [2, 0, 1])
        #expect(drawn.ties[0].decidedByLot)
    }

    @Test("Shares rounded as the election office does; votes for one more seat")
    func shares() {
        #expect(SeatAllocator.percent(2477, of: 88447) == 2.8)
        #expect(SeatAllocator.percent(1, of: 3) == 33.33)
        #expect(SeatAllocator.percent(2, of: 3) == 66.67)
        let r = SeatAllocator.allocate(parties(ministry), options: SeatOptions(councilSize: 44))
        let h = r.parties[7]
        #expect(h.seats == 0)
        let need = h.votesForNextSeat ?? 0
        var more = parties(ministry)
        more[7].votes += need
        #expect(SeatAllocator.allocate(more, options: SeatOptions(councilSize: 44)).parties[7].seats == 1)
        more[7].votes -= 1
        #expect(SeatAllocator.allocate(more, options: SeatOptions(councilSize: 44)).parties[7].seats == 0)
    }

    @Test("Bad result files name line and field")
    func badInput() throws {
        let dir = TestSupport.tempDir()
        let negative = TestSupport.write("Partei;Stimmen;Direktmandate\nA;-5;0\n", in: dir, name: "a.csv")
        #expect(
            throws: SignatureKitError.malformedRow(path: negative, problem: RowProblem(line: 2, field: "Stimmen", reason: "darf nicht negativ sein"))
        ) {
            try ResultsInput.partyTotals(path: negative)
        }
        let twice = TestSupport.write("party;votes\nA;5\nA;6\n", in: dir, name: "b.csv")
        #expect(
            throws: SignatureKitError.malformedRow(
                path: twice, problem: RowProblem(line: 3, field: "Partei", reason: "„A“ steht doppelt in der Datei"))
        ) {
            try ResultsInput.partyTotals(path: twice)
        }
        let wards = TestSupport.write("party;votes;wards_won\nA;5;20\nB;6;10\n", in: dir, name: "c.csv")
        #expect(throws: SignatureKitError.self) { try ResultsInput.partyTotals(path: wards, wardCount: 29) }
        let empty = TestSupport.write("party;votes\n", in: dir, name: "d.csv")
        #expect(throws: SignatureKitError.emptyFile(empty)) { try ResultsInput.partyTotals(path: empty) }
    }

    @Test("Ward results: winners, a tied ward, turnout")
    func wardResults() throws {
        let dir = TestSupport.tempDir()
        let path = TestSupport.write("ward;party;votes;eligible;ballots\n1;A;50;200;100\n1;B;40;200;100\n2;A;30;100;60\n2;B;30;100;60\n", in: dir)
        let w = try ResultsInput.wardResults(path: path)
        #expect(w[0].winner == "A")
        #expect(w[1].winner == nil && w[1].tied == ["A", "B"])
        let decided = try ResultsInput.wardResults(path: path, lot: ["2": "B"])
        #expect(decided[1].winner == "B")
        #expect(SeatAllocator.percent(160, of: 300) == 53.33)
    }
}

extension SeatAllocator {
    static func apportionForTest(_ votes: [Int], seats: Int) -> [Int] {
        var t: [SeatTie] = []
        return apportion(votes, seats: seats, method: .sainteLague, names: votes.map(String.init), lot: [], ties: &t)
    }
}
