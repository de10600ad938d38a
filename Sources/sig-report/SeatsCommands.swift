import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

extension SigReport {
    enum SeatFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    struct SeatArguments: ParsableArguments {
        @Option(help: "The election whose seat rules apply (bundled id or JSON file).") var election: String = ElectionCatalog.defaultID
        @Option(help: "Statutory council size (§ 3 KWahlG NRW); default from the election data.") var councilSize: Int?
        @Option(help: "sainte-lague, dhondt or hare-niemeyer; default from the election data.") var method: SeatMethod?
        @Option(help: "Threshold in percent (0 for councils, 2.5 for district councils).") var threshold: Double?
        @Option(help: "The lot drawn for ties: party names in drawn order, comma-separated.") var lot: String?
        @Flag(help: "Do not round an enlarged council up to an even size.") var noEvenSize = false
        @Flag(help: "A district council (Bezirksvertretung): its size and 2.5 % threshold from the election data.")
        var districtCouncil = false
        @Option(help: "table or json.") var format: SeatFormat = .table
        @Flag(help: "Also show d'Hondt and Hare/Niemeyer for comparison.") var compare = false

        /// The options: the election's seat rules (method with its legal date), overridden by flags.
        func options() throws -> (SeatOptions, String) {
            let e = try ElectionCatalog.load(election)
            let rules = e.seatAllocation.value
            let dataMethod = SeatMethod(rawValue: rules.method) ?? .sainteLague
            let defaultSize = districtCouncil ? (e.districtCouncilSize?.value ?? e.councilSize.value) : e.councilSize.value
            var o = SeatOptions(councilSize: councilSize ?? defaultSize, method: method ?? dataMethod)
            o.threshold = threshold ?? (districtCouncil ? (e.districtCouncilThreshold?.value ?? 2.5) : rules.threshold)
            o.evenEnlargedSize = rules.evenEnlargedSize && !noEvenSize
            o.majorityBonus = rules.majorityBonus
            o.lot = lot?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
            let source = "Verfahren laut Wahldaten \(e.id): \(dataMethod.germanName), \(e.seatAllocation.basis), Rechtsstand \(CalendarDay(parsing: rules.legalDate)?.german ?? rules.legalDate)"
            return (o, source)
        }
    }

    struct Seats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute vote shares and council seats (§ 33 KWahlG NRW) from party totals.",
            discussion: "FILE: party;votes;wards_won[;reserve_list] (Partei;Stimmen;Direktmandate;Reserveliste).")
        @Argument(help: "The CSV file.") var file: String
        @OptionGroup var seat: SeatArguments

        func run() throws {
            try guarded {
                let election = try ElectionCatalog.load(seat.election)
                let parties = try ResultsInput.partyTotals(path: file, wardCount: election.wardCount.value)
                try printSeats(parties, seat)
            }
        }
    }

    struct Results: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute shares, turnout, ward winners and seats from ward results.",
            discussion: "FILE: ward;party;votes[;eligible;ballots] (Wahlbezirk;Partei;Stimmen;Wahlberechtigte;Wähler).")
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "Ward ties decided by lot: ward=party, comma-separated.") var wardLot: String?
        @Option(help: "Parties without an admitted reserve list, comma-separated.") var noList: String?
        @OptionGroup var seat: SeatArguments

        func run() throws {
            try guarded {
                var lot: [String: String] = [:]
                for pair in (wardLot ?? "").split(separator: ",") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    if kv.count == 2 { lot[kv[0]] = kv[1] }
                }
                let wards = try ResultsInput.wardResults(path: file, lot: lot)
                let summary = ElectionSummary(wards: wards,
                    withoutList: Set((noList ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }))
                if seat.format == .table {
                    print("Wahlbezirk  Gewinner                 Stimmen  Wahlbeteiligung")
                    for w in wards {
                        let turnout = w.eligible.flatMap { e in w.ballots.map { GermanNumber.format(SeatAllocator.percent($0, of: e)) + " %" } } ?? "–"
                        let winner = w.winner ?? "Gleichstand: \(w.tied.joined(separator: "/")) – Los nötig"
                        print("\(w.ward.rightPad(11)) \(winner.rightPad(24)) \(String(w.votes.map(\.votes).max() ?? 0).rightPad(8)) \(turnout)")
                    }
                    if let t = summary.turnout, let b = summary.ballots, let e = summary.eligible {
                        print("Wahlbeteiligung gesamt: \(GermanNumber.format(t)) % (\(b) von \(e))")
                    }
                    print("")
                }
                try printSeats(summary.parties, seat, wards: seat.format == .json ? (wards, summary) : nil)
                if !summary.undecidedWards.isEmpty { throw ExitCode(3) }
            }
        }
    }
}

struct WardJSON: Encodable {
    let ward: String
    let winner: String?
    let tied: [String]
    let turnout: Double?
}

struct SeatsJSON: Encodable {
    var wards: [WardJSON]? = nil
    var turnout: Double? = nil
    let method: String
    let regularSize: Int
    let councilSize: Int
    let adjustedVotes: Int
    let overhangChecked: Bool
    let parties: [PartySeats]
    let ties: [SeatTie]
    let steps: [String]
}

func printSeats(_ parties: [PartyVotes], _ seat: SigReport.SeatArguments,
    wards: ([ResultsInput.WardResult], ElectionSummary)? = nil) throws {
    let (options, source) = try seat.options()
    let result = SeatAllocator.allocate(parties, options: options)
    switch seat.format {
    case .json:
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var value = SeatsJSON(method: result.method.rawValue, regularSize: result.regularSize, councilSize: result.councilSize,
            adjustedVotes: result.adjustedVotes, overhangChecked: result.overhangChecked, parties: result.parties,
            ties: result.ties, steps: result.steps)
        if let (list, summary) = wards {
            value.wards = list.map { w in
                WardJSON(ward: w.ward, winner: w.winner, tied: w.tied,
                    turnout: w.eligible.flatMap { e in w.ballots.map { SeatAllocator.percent($0, of: e) } })
            }
            value.turnout = summary.turnout
        }
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    case .table:
        print("Sitzverteilung nach \(result.method.germanName): \(result.councilSize) Sitze (regulär \(result.regularSize))")
        print(source)
        print("Partei                          Stimmen   Anteil  Direkt  Sitze  fehlen f. +1  Reserve")
        for p in result.parties {
            let pct = GermanNumber.format(p.percent).leftPad(6) + " %"
            print("\(p.party.rightPad(30)) \(String(p.votes).leftPad(8)) \(pct) \((p.wardsWon.map(String.init) ?? "?").leftPad(7)) \(String(p.seats).leftPad(6)) \((p.votesForNextSeat.map(String.init) ?? "–").leftPad(13)) \((p.votesToSpare.map(String.init) ?? "–").leftPad(8))")
        }
        print("")
        for s in result.steps { print("• \(s)") }
        for t in result.ties { print("! \(t.description)") }
        if seat.compare {
            for m in SeatMethod.allCases where m != result.method {
                var o = options
                o.method = m
                let r = SeatAllocator.allocate(parties, options: o)
                print("\nVergleich \(m.germanName): " + r.parties.map { "\($0.party) \($0.seats)" }.joined(separator: ", ") + " (\(r.councilSize) Sitze)")
            }
        }
    }
    if result.ties.contains(where: { !$0.decidedByLot }) { throw ExitCode(3) }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
    /// Pads on the right without cutting a longer text (unlike `padding(toLength:)`).
    func rightPad(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

extension SeatMethod: ExpressibleByArgument {}
