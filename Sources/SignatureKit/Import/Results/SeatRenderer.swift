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

    /// The figures of a city's results file: format, areas counted and missing, voters, turnout, invalid and valid.
    public static func officialSummary(_ r: OfficialResult) -> String {
        var out = "Erkannt: \(r.format.germanName)" + (r.electionName.isEmpty ? "" : " – \(r.electionName)") + "\n"
        out += "Gebiete gezählt: \(r.areas.count)"
        if r.missingAreas > 0 { out += "; noch nicht gemeldet: \(r.missingAreas) (vorläufig, Stand der Meldungen)" }
        if r.skippedTotalRows > 0 { out += "; Summenzeilen nicht doppelt gezählt: \(r.skippedTotalRows)" }
        out += "\n"
        out +=
            "Wahlberechtigte \(r.eligible), Wähler \(r.voters), Wahlbeteiligung \(GermanNumber.format(r.turnout)) %, "
            + "ungültig \(r.invalid), gültig \(r.valid)\n"
        if let wards = r.wards {
            out += "Wahlbezirksgewinner: " + wards.map { "\($0.ward) \($0.winner ?? "Los nötig")" }.joined(separator: ", ") + "\n"
        } else {
            out += "Welche Gebiete zu welchem Wahlbezirk gehören, steht nicht in der Datei (--polling-districts DATEI): Überhang nicht geprüft.\n"
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

    struct OfficialJSON: Encodable {
        let format: String
        let areas: Int
        let missingAreas: Int
        let skippedTotalRows: Int
        let eligible: Int
        let voters: Int
        let invalid: Int
        let valid: Int
    }

    struct SeatsJSON: Encodable {
        var wards: [WardJSON]?
        var turnout: Double?
        var official: OfficialJSON?
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
    public static func json(
        _ result: SeatResult, wards: ([ResultsInput.WardResult], ElectionSummary)? = nil, official: OfficialResult? = nil
    ) throws -> String {
        var value = SeatsJSON(
            wards: nil, turnout: nil, official: nil, method: result.method.rawValue, regularSize: result.regularSize,
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
        if let r = official {
            value.official = OfficialJSON(
                format: r.format.rawValue, areas: r.areas.count, missingAreas: r.missingAreas, skippedTotalRows: r.skippedTotalRows,
                eligible: r.eligible, voters: r.voters, invalid: r.invalid, valid: r.valid)
            value.turnout = r.turnout
            value.wards = r.wards?.map { WardJSON(ward: $0.ward, winner: $0.winner, tied: $0.tied, turnout: nil) }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
