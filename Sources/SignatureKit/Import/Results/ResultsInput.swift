/// Reads official vote counts: party totals (`party;votes;wards_won;reserve_list`) or ward results
/// (`ward;party;votes;eligible;ballots`).
public enum ResultsInput {
    /// Party totals. German headers Partei;Stimmen;Direktmandate;Reserveliste accepted.
    ///
    /// - Parameter wardCount: Wards won may not add up to more than this.
    public static func partyTotals(path: String, wardCount: Int? = nil) throws -> [PartyVotes] {
        let csv = try CSVInput(path: path)
        let map = try ColumnMap(
            header: csv.header, path: path,
            fields: [
                ("party", ["Partei", "Liste"]), ("votes", ["Stimmen"]), ("wards_won", ["Direktmandate", "Wahlbezirke gewonnen"]),
                ("reserve_list", ["Reserveliste"]), ("votes_source", ["Quelle"]),
            ],
            required: ["party", "votes"])
        var out: [PartyVotes] = []
        var wardsTotal = 0
        while let (line, fields) = try csv.nextFields() {
            let fail = { (field: String, reason: String) in
                SignatureKitError.malformedRow(path: path, problem: RowProblem(line: line, field: field, reason: reason))
            }
            let party = map.value("party", in: fields)
            if party.isEmpty { throw fail("Partei", "darf nicht leer sein") }
            if out.contains(where: { $0.party == party }) { throw fail("Partei", "\(quote(party)) steht doppelt in der Datei") }
            let votesText = map.value("votes", in: fields).replacingOccurrences(of: ".", with: "")
            guard let votes = Int(votesText) else { throw fail("Stimmen", "\(quote(votesText)) ist keine ganze Zahl") }
            if votes < 0 { throw fail("Stimmen", "darf nicht negativ sein") }
            let wardsText = map.value("wards_won", in: fields)
            var wards: Int?
            if !wardsText.isEmpty && wardsText.lowercased() != "unbekannt" && wardsText.lowercased() != "unknown" {
                guard let w = Int(wardsText), w >= 0 else { throw fail("Direktmandate", "\(quote(wardsText)) ist keine Zahl ≥ 0") }
                wards = w
                wardsTotal += w
                if let wardCount, wardsTotal > wardCount {
                    throw fail("Direktmandate", "zusammen mehr gewonnene Wahlbezirke (\(wardsTotal)) als Wahlbezirke (\(wardCount))")
                }
            }
            let listText = Normalizer.fold(map.value("reserve_list", in: fields))
            let hasList: Bool
            switch listText {
            case "", "yes", "ja", "j", "y", "1", "true": hasList = true
            case "no", "nein", "n", "0", "false": hasList = false
            default: throw fail("Reserveliste", "\(quote(listText)): ja oder nein erwartet")
            }
            out.append(PartyVotes(party: party, votes: votes, wardsWon: wards, hasReserveList: hasList))
        }
        if out.isEmpty { throw SignatureKitError.emptyFile(path) }
        return out
    }

    /// One ward's result.
    public struct WardResult: Sendable {
        public var ward: String
        public var votes: [(party: String, votes: Int)]
        public var eligible: Int?
        public var ballots: Int?
        /// The winner, or `nil` on a tie (decided by lot, § 32 S. 3).
        public var winner: String?
        public var tied: [String]
    }

    /// Ward results: `ward;party;votes` plus optional `eligible;ballots` per ward (German
    /// Wahlbezirk;Partei;Stimmen;Wahlberechtigte;Wähler). Wins are counted per party; a tie is
    /// decided by `lot` (ward → party) or reported.
    public static func wardResults(path: String, lot: [String: String] = [:]) throws -> [WardResult] {
        let csv = try CSVInput(path: path)
        let map = try ColumnMap(
            header: csv.header, path: path,
            fields: [
                ("ward", ["Wahlbezirk"]), ("party", ["Partei"]), ("votes", ["Stimmen"]),
                ("eligible", ["Wahlberechtigte"]), ("ballots", ["Wähler", "Waehler", "Stimmzettel"]),
            ],
            required: ["ward", "party", "votes"])
        var order: [String] = []
        var wards: [String: WardResult] = [:]
        while let (line, fields) = try csv.nextFields() {
            let fail = { (field: String, reason: String) in
                SignatureKitError.malformedRow(path: path, problem: RowProblem(line: line, field: field, reason: reason))
            }
            let ward = map.value("ward", in: fields)
            let party = map.value("party", in: fields)
            if ward.isEmpty { throw fail("Wahlbezirk", "darf nicht leer sein") }
            if party.isEmpty { throw fail("Partei", "darf nicht leer sein") }
            guard let votes = Int(map.value("votes", in: fields)), votes >= 0 else {
                throw fail("Stimmen", "\(quote(map.value("votes", in: fields))) ist keine Zahl ≥ 0")
            }
            if wards[ward] == nil {
                order.append(ward)
                wards[ward] = WardResult(ward: ward, votes: [], eligible: nil, ballots: nil, winner: nil, tied: [])
            }
            if wards[ward]?.votes.contains(where: { $0.party == party }) == true {
                throw fail("Partei", "\(quote(party)) steht in Wahlbezirk \(ward) doppelt")
            }
            wards[ward]?.votes.append((party, votes))
            for (field, label) in [("eligible", "Wahlberechtigte"), ("ballots", "Wähler")] {
                let text = map.value(field, in: fields)
                if text.isEmpty { continue }
                guard let n = Int(text), n >= 0 else { throw fail(label, "\(quote(text)) ist keine Zahl ≥ 0") }
                if field == "eligible" { wards[ward]?.eligible = n } else { wards[ward]?.ballots = n }
            }
        }
        if order.isEmpty { throw SignatureKitError.emptyFile(path) }
        return order.compactMap { id in
            guard let w = wards[id] else { return nil }
            var result = wardResult(ward: id, parties: w.votes.map(\.party), votes: w.votes.map(\.votes), lot: lot)
            result.eligible = w.eligible
            result.ballots = w.ballots
            return result
        }
    }
}

/// Ward results summed up: party totals with wards won, and turnout where every ward gives it.
public struct ElectionSummary: Sendable {
    public var parties: [PartyVotes]
    public var eligible: Int?
    public var ballots: Int?
    /// Wards whose winner is not decided (a tie without a lot).
    public var undecidedWards: [String]

    /// Turnout in percent as the election office rounds it, when known.
    public var turnout: Double? {
        guard let eligible, let ballots, eligible > 0 else { return nil }
        return SeatAllocator.percent(ballots, of: eligible)
    }

    /// Sums ward results; parties in `withoutList` have no admitted reserve list.
    public init(wards: [ResultsInput.WardResult], withoutList: Set<String> = []) {
        var totals: [String: Int] = [:]
        var order: [String] = []
        var wins: [String: Int] = [:]
        var eligible = 0
        var ballots = 0
        var known = true
        for w in wards {
            for (p, v) in w.votes {
                if totals[p] == nil { order.append(p) }
                totals[p, default: 0] += v
            }
            if let winner = w.winner { wins[winner, default: 0] += 1 }
            if let e = w.eligible, let b = w.ballots {
                eligible += e
                ballots += b
            } else {
                known = false
            }
        }
        parties = order.map { PartyVotes(party: $0, votes: totals[$0] ?? 0, wardsWon: wins[$0] ?? 0, hasReserveList: !withoutList.contains($0)) }
        self.eligible = known ? eligible : nil
        self.ballots = known ? ballots : nil
        undecidedWards = wards.filter { $0.winner == nil }.map(\.ward)
    }
}
