import Foundation

/// Formats seat allocations and ward results: a terminal table and JSON.
public enum SeatRenderer {
    /// The ward table of `results`: winner, votes, turnout, then the turnout of the city.
    public static func wardTable(_ wards: [ResultsInput.WardResult], summary: ElectionSummary) -> String {
        var out = "Wahlbezirk  Gewinner                 Stimmen  Wahlbeteiligung\n"
        for w in wards {
            let turnout =
                w.eligible.flatMap { e in w.ballots.map { GermanNumber.format(SeatAllocator.percent($0, of: e)) + " %" } } ?? "–"
            let winner = w.winner ?? "Gleichstand: \(w.tied.joined(separator: "/")) – Los nötig"
            out += "\(w.ward.rightPad(11)) \(winner.rightPad(24)) \(String(w.votes.map(\.votes).max() ?? 0).rightPad(8)) \(turnout)\n"
        }
        if let t = summary.turnout, let b = summary.ballots, let e = summary.eligible {
            out += "Wahlbeteiligung gesamt: \(GermanNumber.format(t)) % (\(b) von \(e))\n"
        }
        return out
    }

    /// The seat table with the steps taken, ties and, when given, the comparison methods.
    public static func text(_ result: SeatResult, source: String, comparisons: [SeatResult] = []) -> String {
        var out = "Sitzverteilung nach \(result.method.germanName): \(result.councilSize) Sitze (regulär \(result.regularSize))\n"
        out += source + "\n"
        out += "Partei                          Stimmen   Anteil  Direkt  Sitze  fehlen f. +1  Reserve\n"
        for p in result.parties {
            let pct = GermanNumber.format(p.percent).leftPad(6) + " %"
            let cells = [
                p.party.rightPad(30), String(p.votes).leftPad(8), pct, (p.wardsWon.map(String.init) ?? "?").leftPad(7),
                String(p.seats).leftPad(6), (p.votesForNextSeat.map(String.init) ?? "–").leftPad(13),
                (p.votesToSpare.map(String.init) ?? "–").leftPad(8),
            ]
            out += cells.joined(separator: " ") + "\n"
        }
        out += "\n"
        for s in result.steps { out += "• \(s)\n" }
        for t in result.ties { out += "! \(t.description)\n" }
        for r in comparisons {
            out +=
                "\nVergleich \(r.method.germanName): " + r.parties.map { "\($0.party) \($0.seats)" }.joined(separator: ", ")
                + " (\(r.councilSize) Sitze)\n"
        }
        return out
    }

    struct WardJSON: Encodable {
        let ward: String
        let winner: String?
        let tied: [String]
        let turnout: Double?
    }

    struct SeatsJSON: Encodable {
        var wards: [WardJSON]?
        var turnout: Double?
        let method: String
        let regularSize: Int
        let councilSize: Int
        let adjustedVotes: Int
        let overhangChecked: Bool
        let parties: [PartySeats]
        let ties: [SeatTie]
        let steps: [String]
    }

    /// `{"method":…,"councilSize":…,"parties":[…],…}`, with `wards` and `turnout` when ward results were given.
    public static func json(_ result: SeatResult, wards: ([ResultsInput.WardResult], ElectionSummary)? = nil) throws -> String {
        var value = SeatsJSON(
            wards: nil, turnout: nil, method: result.method.rawValue, regularSize: result.regularSize,
            councilSize: result.councilSize, adjustedVotes: result.adjustedVotes, overhangChecked: result.overhangChecked,
            parties: result.parties, ties: result.ties, steps: result.steps)
        if let (list, summary) = wards {
            value.wards = list.map { w in
                WardJSON(
                    ward: w.ward, winner: w.winner, tied: w.tied,
                    turnout: w.eligible.flatMap { e in w.ballots.map { SeatAllocator.percent($0, of: e) } })
            }
            value.turnout = summary.turnout
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension String {
    /// Pads on the left without cutting a longer text.
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
    /// Pads on the right without cutting a longer text (unlike `padding(toLength:)`).
    func rightPad(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
