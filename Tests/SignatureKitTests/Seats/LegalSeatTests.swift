import Foundation
import Testing

@testable import SignatureKit

/// The seat rules the 2009 dispute and § 33 Abs. 4 left open, as the election data decides them.
struct LegalSeatTests {
    let votes = [("A", 5000, 14), ("B", 3000, 0), ("C", 1500, 0), ("D", 200, 0)]

    func input() -> [PartyVotes] { votes.map { PartyVotes(party: $0.0, votes: $0.1, wardsWon: $0.2) } }

    @Test("Balancing recount: by default (OVG NRW 2011) a list without a first seat stays out; the other reading lets it in")
    func recountParticipation() throws {
        var (o, _) = SeatOptions.from(TestSupport.election)
        o.councilSize = 20
        #expect(!o.recountAllLists)
        let strict = SeatAllocator.allocate(input(), options: o)
        #expect(strict.councilSize == 28)
        #expect(strict.parties.map(\.seats) == [15, 9, 4, 0])
        #expect(
            strict.steps.contains {
                $0.hasPrefix("Verhältnisausgleich nur mit Listen, die in der ersten Verteilung einen Sitz erhielten; nicht beteiligt: D")
            })
        #expect(strict.steps.contains { $0.contains("OVG NRW, Beschlüsse vom 25.03.2011") && $0.contains("unbestätigt") })
        o.recountAllLists = true
        let open = SeatAllocator.allocate(input(), options: o)
        // 14 of 28 is no majority of seats for A's 51.5 % of the votes: the majority seat follows (29).
        #expect(open.councilSize == 29)
        #expect(open.parties.map(\.seats) == [15, 9, 4, 1])
        #expect(open.steps.contains { $0.hasPrefix("Verhältnisausgleich mit allen Listen") })
        // The data decides: an election file with the other reading.
        var e = TestSupport.election
        e.recountParticipation?.value = .allLists
        #expect(SeatOptions.from(e).options.recountAllLists)
    }

    @Test("Majority clause after the even-size step: a 20-seat council becomes 21 and stays odd, and the report says why")
    func majorityAfterEven() {
        let p = [("A", 5010), ("B", 2000), ("C", 1500), ("D", 1490)].map { PartyVotes(party: $0.0, votes: $0.1, wardsWon: 0) }
        let r = SeatAllocator.allocate(p, options: SeatOptions(councilSize: 20))
        #expect(r.councilSize == 21)
        #expect(r.parties.map(\.seats) == [11, 4, 3, 3])
        #expect(r.steps.last?.contains("die Größe wird danach nicht wieder gerade gemacht") == true)
        #expect(TestSupport.election.majoritySeat?.value == .afterEvenSize)
    }

    @Test("District councils: the 2.5 % threshold is confirmed, and no 'overhang not checked' for a body without wards")
    func districtCouncil() throws {
        let threshold = try #require(TestSupport.election.districtCouncilThreshold)
        #expect(threshold.confirmed)
        #expect(threshold.source.contains("VerfGH 21/16"))
        let (o, _) = SeatOptions.from(TestSupport.election, districtCouncil: true)
        let r = SeatAllocator.allocate([PartyVotes(party: "A", votes: 600), PartyVotes(party: "B", votes: 400)], options: o)
        #expect(r.overhangChecked)
        #expect(!r.steps.contains { $0.contains("Überhang konnte nicht geprüft werden") })
        #expect(r.steps.contains("Gewählt ohne Wahlbezirke: kein Überhang möglich."))
        let council = SeatAllocator.allocate(
            [PartyVotes(party: "A", votes: 600), PartyVotes(party: "B", votes: 400)], options: SeatOptions.from(TestSupport.election).options)
        #expect(council.steps.contains("Direktmandate nicht für alle Listen bekannt: Überhang konnte nicht geprüft werden."))
    }
}
