/// An apportionment method.
public enum SeatMethod: String, Sendable, Codable, CaseIterable {
    /// Sainte-Laguë/Schepers: divisor method with standard rounding (KWahlG NRW § 33 since 10.06.2025).
    case sainteLague = "sainte-lague"
    /// D'Hondt: divisor method rounding down (for comparison).
    case dhondt
    /// Hare/Niemeyer: largest remainders (for comparison).
    case hareNiemeyer = "hare-niemeyer"

    public var germanName: String {
        switch self {
        case .sainteLague: "Sainte-Laguë/Schepers"
        case .dhondt: "d’Hondt"
        case .hareNiemeyer: "Hare/Niemeyer"
        }
    }
}

/// Votes of one party (or independent candidate) in the council election.
public struct PartyVotes: Sendable, Equatable {
    public var party: String
    public var votes: Int
    /// Wards won (Direktmandate); `nil` when not known.
    public var wardsWon: Int?
    /// Whether a reserve list was admitted. Without one the votes leave the adjusted total (§ 33 Abs. 1).
    public var hasReserveList: Bool

    public init(party: String, votes: Int, wardsWon: Int? = nil, hasReserveList: Bool = true) {
        self.party = party
        self.votes = votes
        self.wardsWon = wardsWon
        self.hasReserveList = hasReserveList
    }
}

/// Options of an allocation.
public struct SeatOptions: Sendable {
    public var method: SeatMethod = .sainteLague
    /// Statutory council size (§ 3).
    public var councilSize: Int
    /// Enlarge to an even size after overhang (practice, not found in the statute text).
    public var evenEnlargedSize = true
    /// § 33 Abs. 4: a list with more than half of the votes but not of the seats gets one more seat.
    public var majorityBonus = true
    /// Threshold in percent of the adjusted votes (0 for councils; 2.5 for district councils).
    public var threshold: Double = 0
    /// The lot drawn by the returning officer: party names in drawn order, used only for ties.
    public var lot: [String] = []
    /// Whether lists without a seat in the first allocation take part in the balancing recount (§ 33 Abs. 3);
    /// the OVG NRW (2011) read KWahlO § 61 Abs. 5 as no.
    public var recountAllLists = false
    /// The source of that reading, shown in the steps.
    public var recountSource = "KWahlO § 61 Abs. 5; OVG NRW, 25.03.2011 – 15 A 1515/10"
    /// False for bodies elected without wards (district councils): no overhang can arise.
    public var hasWards = true

    public init(councilSize: Int, method: SeatMethod = .sainteLague) {
        self.councilSize = councilSize
        self.method = method
    }
}

/// A tie the returning officer decides by lot (§ 32 S. 3 KWahlG NRW analogously).
public struct SeatTie: Sendable, Equatable, Codable {
    public var parties: [String]
    public var seats: Int
    public var decidedByLot: Bool
    public var description: String
}

/// The allocation result for one party.
public struct PartySeats: Sendable, Equatable, Codable {
    public var party: String
    public var votes: Int
    public var percent: Double
    public var wardsWon: Int?
    public var seats: Int
    /// Seats beyond the wards won (list seats).
    public var listSeats: Int
    /// Votes it lacked for one more seat, and votes it could lose without losing one (same council size).
    public var votesForNextSeat: Int?
    public var votesToSpare: Int?
}

/// The result of a seat allocation with every step, in German.
public struct SeatResult: Sendable, Equatable {
    public var method: SeatMethod
    public var regularSize: Int
    public var councilSize: Int
    public var adjustedVotes: Int
    public var parties: [PartySeats]
    public var ties: [SeatTie]
    /// What was done, step by step; inferred steps say so.
    public var steps: [String]
    /// False when wards won were not given for every party: overhang could not be checked.
    public var overhangChecked: Bool
}

/// Council seats by § 33 KWahlG NRW, with the comparison methods.
public enum SeatAllocator {
    /// A party's share in percent as the election office rounds it: two decimals, half up.
    public static func percent(_ votes: Int, of total: Int) -> Double {
        guard total > 0 else { return 0 }
        let hundredths = (votes * 20000 + total) / (2 * total)
        return Double(hundredths) / 100
    }

    /// Allocates the council: adjusted total, adjusted size, method, overhang enlargement, majority clause.
    public static func allocate(_ input: [PartyVotes], options: SeatOptions) -> SeatResult {
        var steps: [String] = []
        let total = input.reduce(0) { $0 + $1.votes }
        let withList = input.filter(\.hasReserveList)
        let withoutList = input.filter { !$0.hasReserveList }
        var adjustedVotes = withList.reduce(0) { $0 + $1.votes }
        steps.append(
            "Gesamtstimmenzahl \(total); ohne Stimmen für Bewerber ohne Reserveliste und Einzelbewerber: bereinigte Gesamtstimmenzahl \(adjustedVotes) (§ 33 Abs. 1)."
        )
        let nonListWards = withoutList.reduce(0) { $0 + ($1.wardsWon ?? 0) }
        var size = options.councilSize - nonListWards
        steps.append(
            "Gremiengröße \(options.councilSize) minus \(nonListWards) Direktmandate ohne Reserveliste: bereinigte Gremiengröße \(size) (§ 33 Abs. 2)."
        )
        var eligible = withList
        if options.threshold > 0 {
            let before = eligible.count
            eligible = eligible.filter { Double($0.votes) * 100 >= options.threshold * Double(adjustedVotes) }
            adjustedVotes = eligible.reduce(0) { $0 + $1.votes }
            let out = before - eligible.count
            steps.append(
                "Sperrklausel \(GermanNumber.format(options.threshold, digits: 1)) %: \(out) \(out == 1 ? "Liste" : "Listen") ausgeschieden, verbleibende Stimmen \(adjustedVotes)."
            )
        }
        var ties: [SeatTie] = []
        var seats = apportion(
            eligible.map(\.votes), seats: size, method: options.method, names: eligible.map(\.party),
            lot: options.lot, ties: &ties)
        steps.append(
            "\(options.method.germanName) über \(size) Sitze: " + zip(eligible, seats).map { "\($0.party) \($1)" }.joined(separator: ", ") + ".")
        let overhangChecked = !options.hasWards || eligible.allSatisfy { $0.wardsWon != nil }
        if !options.hasWards {
            steps.append("Gewählt ohne Wahlbezirke: kein Überhang möglich.")
        } else if !overhangChecked {
            steps.append("Direktmandate nicht für alle Listen bekannt: Überhang konnte nicht geprüft werden.")
        }
        // § 33 Abs. 3: enlarge until every list's ward seats are covered (vollständiger Ausgleich).
        let overhang = options.hasWards ? eligible.indices.filter { (eligible[$0].wardsWon ?? 0) > seats[$0] } : []
        if !overhang.isEmpty {
            // Who takes part in the recount: every list, or (KWahlO § 61 Abs. 5) only those with a seat so far.
            let participants =
                options.recountAllLists
                ? Array(eligible.indices) : eligible.indices.filter { seats[$0] > 0 || (eligible[$0].wardsWon ?? 0) > 0 }
            let leftOut = eligible.indices.filter { !participants.contains($0) }.map { eligible[$0].party }
            steps.append(
                options.recountAllLists
                    ? "Verhältnisausgleich mit allen Listen, auch ohne Sitz in der ersten Verteilung (Lesart laut Wahldaten: \(options.recountSource))."
                    : "Verhältnisausgleich nur mit Listen, die in der ersten Verteilung einen Sitz erhielten"
                        + (leftOut.isEmpty ? "" : "; nicht beteiligt: " + leftOut.joined(separator: ", "))
                        + " (Lesart laut Wahldaten: \(options.recountSource))."
            )
            let recountVotes = participants.reduce(0) { $0 + eligible[$1].votes }
            var newSize =
                overhang.map { i -> Int in
                    let p = eligible[i]
                    // Wards × votes of the lists in the recount ÷ party votes, rounded half up.
                    return ((p.wardsWon ?? 0) * recountVotes * 2 + p.votes) / (2 * max(1, p.votes))
                }.max() ?? size
            newSize = max(newSize, size + 1)
            steps.append(
                "Überhang bei " + overhang.map { eligible[$0].party }.joined(separator: ", ")
                    + ": neue Größe = Direktmandate × bereinigte Gesamtstimmen ÷ Stimmen der Liste, gerundet = \(newSize) (§ 33 Abs. 3; Formel aus Sekundärquellen, abgeleitet)."
            )
            while true {
                if options.evenEnlargedSize && (newSize + nonListWards) % 2 == 1 {
                    newSize += 1
                    steps.append(
                        "Ungerade Ratsgröße: um einen Sitz auf \(newSize + nonListWards) erhöht (belegte Praxis, Satz im Gesetz nicht gefunden).")
                }
                var t: [SeatTie] = []
                let part = apportion(
                    participants.map { eligible[$0].votes }, seats: newSize, method: options.method,
                    names: participants.map { eligible[$0].party }, lot: options.lot, ties: &t)
                var s = [Int](repeating: 0, count: eligible.count)
                for (k, i) in participants.enumerated() { s[i] = part[k] }
                if eligible.indices.allSatisfy({ (eligible[$0].wardsWon ?? 0) <= s[$0] }) {
                    seats = s
                    ties = t
                    size = newSize
                    steps.append(
                        "Neuberechnung über \(size) Sitze: " + zip(eligible, seats).map { "\($0.party) \($1)" }.joined(separator: ", ") + ".")
                    break
                }
                newSize += 1
            }
        }
        // § 33 Abs. 4: absolute majority of votes but not of seats.
        if options.majorityBonus, let i = eligible.indices.first(where: { eligible[$0].votes * 2 > adjustedVotes }),
            seats[i] * 2 <= size
        {
            seats[i] += 1
            size += 1
            steps.append(
                "\(eligible[i].party) hat die absolute Mehrheit der Stimmen, aber nicht der Sitze: ein weiterer Sitz (§ 33 Abs. 4); Gremium \(size + nonListWards). Der Mehrheitssitz kommt nach der geraden Größe des Überhangausgleichs hinzu; die Größe wird danach nicht wieder gerade gemacht (Reihenfolge laut Wahldaten, Wortlaut unbestätigt)."
            )
        }
        var parties: [PartySeats] = []
        for p in input {
            let i = eligible.firstIndex { $0.party == p.party }
            let s = i.map { seats[$0] } ?? (p.hasReserveList ? 0 : (p.wardsWon ?? 0))
            var row = PartySeats(
                party: p.party, votes: p.votes, percent: percent(p.votes, of: total), wardsWon: p.wardsWon,
                seats: s, listSeats: max(0, s - (p.wardsWon ?? 0)))
            if let i {
                (row.votesForNextSeat, row.votesToSpare) = sensitivity(
                    index: i, votes: eligible.map(\.votes), seats: size,
                    method: options.method, current: seats[i])
            }
            parties.append(row)
        }
        return SeatResult(
            method: options.method, regularSize: options.councilSize, councilSize: size + nonListWards,
            adjustedVotes: adjustedVotes, parties: parties, ties: ties, steps: steps, overhangChecked: overhangChecked)
    }

    /// Apportions `seats` among `votes` with the method. Ties at the last seat go by `lot` order; without
    /// a lot they are reported and the tied seats stay unassigned.
    public static func apportion(
        _ votes: [Int], seats: Int, method: SeatMethod, names: [String], lot: [String],
        ties: inout [SeatTie]
    ) -> [Int] {
        var result = [Int](repeating: 0, count: votes.count)
        guard seats > 0, !votes.isEmpty else { return result }
        if method == .hareNiemeyer {
            let total = votes.reduce(0, +)
            guard total > 0 else { return result }
            var remainders: [(Int, Int)] = []  // (remainder numerator, index) over total
            for (i, v) in votes.enumerated() {
                result[i] = v * seats / total
                remainders.append((v * seats % total, i))
            }
            var left = seats - result.reduce(0, +)
            let sorted = remainders.sorted { $0.0 > $1.0 }
            var k = 0
            while left > 0 && k < sorted.count {
                let value = sorted[k].0
                let group = sorted.filter { $0.0 == value }.map(\.1)
                award(group, left: &left, names: names, lot: lot, result: &result, ties: &ties)
                k += group.count
            }
            return result
        }
        // Highest averages with exact comparison: quotient v / d with d = (2k+1)/2 (Sainte-Laguë) or k+1 (d'Hondt).
        func divisorTimes2(_ k: Int) -> Int { method == .sainteLague ? 2 * k + 1 : 2 * (k + 1) }
        var left = seats
        while left > 0 {
            // The largest quotient v_i / d_i: compare v_i * d_j against v_j * d_i.
            var best: [Int] = []
            for i in votes.indices where votes[i] > 0 {
                guard let b = best.first else {
                    best = [i]
                    continue
                }
                let lhs = votes[i] * divisorTimes2(result[b])
                let rhs = votes[b] * divisorTimes2(result[i])
                if lhs > rhs { best = [i] } else if lhs == rhs { best.append(i) }
            }
            if best.isEmpty { break }
            award(best, left: &left, names: names, lot: lot, result: &result, ties: &ties)
        }
        return result
    }

    /// One seat each for an equal-ranked group when enough seats are left; otherwise a tie for the last seats.
    private static func award(
        _ group: [Int], left: inout Int, names: [String], lot: [String], result: inout [Int],
        ties: inout [SeatTie]
    ) {
        if group.count <= left {
            for i in group { result[i] += 1 }
            left -= group.count
        } else {
            resolve(group, seatsLeft: left, names: names, lot: lot, result: &result, ties: &ties)
            left = 0
        }
    }

    private static func resolve(
        _ group: [Int], seatsLeft: Int, names: [String], lot: [String], result: inout [Int],
        ties: inout [SeatTie]
    ) {
        let tied = group.map { names[$0] }
        let ranked = group.filter { lot.contains(names[$0]) }.sorted {
            (lot.firstIndex(of: names[$0]) ?? 0) < (lot.firstIndex(of: names[$1]) ?? 0)
        }
        if ranked.count >= seatsLeft {
            for i in ranked.prefix(seatsLeft) { result[i] += 1 }
            ties.append(
                SeatTie(
                    parties: tied, seats: seatsLeft, decidedByLot: true,
                    description:
                        "Gleichstand um \(seatsLeft) Sitz(e) zwischen \(tied.joined(separator: ", ")): durch Los entschieden für \(ranked.prefix(seatsLeft).map { names[$0] }.joined(separator: ", "))."
                ))
        } else {
            ties.append(
                SeatTie(
                    parties: tied, seats: seatsLeft, decidedByLot: false,
                    description:
                        "Gleichstand um \(seatsLeft) Sitz(e) zwischen \(tied.joined(separator: ", ")): der Wahlleiter entscheidet durch Los (--lot \(tied.joined(separator: ",")) in gezogener Reihenfolge angeben). Sitz(e) bis dahin nicht vergeben."
                ))
        }
    }

    /// Votes lacked for one more seat and votes to spare, all others fixed, same size (binary search).
    package static func sensitivity(index i: Int, votes: [Int], seats: Int, method: SeatMethod, current: Int) -> (Int?, Int?) {
        func seatsWith(_ v: Int) -> Int {
            var w = votes
            w[i] = v
            var t: [SeatTie] = []
            return apportion(w, seats: seats, method: method, names: votes.indices.map(String.init), lot: [], ties: &t)[i]
        }
        let total = votes.reduce(0, +)
        // Smallest extra x with more seats.
        var lo = 0
        var hi = total + 1
        if seatsWith(votes[i] + hi) <= current { return (nil, nil) }
        while lo < hi {
            let mid = (lo + hi) / 2
            if seatsWith(votes[i] + mid) > current { hi = mid } else { lo = mid + 1 }
        }
        let need = lo
        // Largest loss y keeping the seats.
        var spare: Int? = nil
        if current > 0 {
            var a = 0
            var b = votes[i]
            while a < b {
                let mid = (a + b + 1) / 2
                if seatsWith(votes[i] - mid) >= current { a = mid } else { b = mid - 1 }
            }
            spare = a
        } else {
            spare = votes[i]
        }
        return (need, spare)
    }
}
