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
        @Option(help: "Party key of a votemanager or open-standard file: column;party CSV, open_data.json or the ballot file.")
        var parties: String?
        @Option(help: "Which polling district belongs to which ward: polling_district;ward (Stimmbezirk;Wahlbezirk).")
        var pollingDistricts: String?

        /// A city's results file (KRZN, votemanager, open standard), recognised from the file; `nil` for our formats.
        func official(_ file: String, lot: [String: String] = [:]) throws -> OfficialResult? {
            guard let format = try OfficialResults.detect(file) else { return nil }
            return try OfficialResults.read(file, format: format, parties: parties, pollingDistricts: pollingDistricts, lot: lot)
        }

        /// The flags on their own, before anything is read.
        func validate() throws {
            if let councilSize, !(1...1000).contains(councilSize) {
                throw ValidationError("Option „--council-size“: muss zwischen 1 und 1000 liegen")
            }
            if let threshold, !threshold.isFinite || !(0...50).contains(threshold) {
                throw ValidationError("Option „--threshold“: muss eine Zahl von 0 bis 50 (Prozent) sein")
            }
        }

        /// The options: the election's seat rules (method with its legal date), overridden by flags.
        func options() throws -> (SeatOptions, String) {
            var (o, source) = SeatOptions.from(try ElectionCatalog.load(election), districtCouncil: districtCouncil)
            if let councilSize { o.councilSize = councilSize }
            if let method { o.method = method }
            if let threshold { o.threshold = threshold }
            if noEvenSize { o.evenEnlargedSize = false }
            o.lot = lot?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
            return (o, source)
        }
    }

    struct Seats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute vote shares and council seats (§ 33 KWahlG NRW) from party totals.",
            discussion: """
                FILE: party;votes;wards_won[;reserve_list] (Partei;Stimmen;Direktmandate;Reserveliste), or a city's results \
                file (KRZN, votemanager, offener Wahldatenstandard), recognised from the file.
                """)
        @Argument(help: "The CSV file.") var file: String
        @OptionGroup var seat: SeatArguments

        func run() throws {
            try guarded {
                if let official = try seat.official(file) {
                    if seat.format == .table { print(SeatRenderer.officialSummary(official)) }
                    try printSeats(official.partyVotes, seat, official: official)
                    return
                }
                let election = try ElectionCatalog.load(seat.election)
                let parties = try ResultsInput.partyTotals(path: file, wardCount: election.wardCount.value)
                try printSeats(parties, seat)
            }
        }
    }

    struct Results: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute shares, turnout, ward winners and seats from ward results.",
            discussion: """
                FILE: ward;party;votes[;eligible;ballots] (Wahlbezirk;Partei;Stimmen;Wahlberechtigte;Wähler), or a city's \
                results file (KRZN, votemanager, offener Wahldatenstandard), recognised from the file.
                """)
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
                if let official = try seat.official(file, lot: lot) {
                    if seat.format == .table { print(SeatRenderer.officialSummary(official)) }
                    try printSeats(official.partyVotes, seat, official: official)
                    if official.wards?.contains(where: { $0.winner == nil }) == true { throw ExitCode(3) }
                    return
                }
                let wards = try ResultsInput.wardResults(path: file, lot: lot)
                let summary = ElectionSummary(
                    wards: wards,
                    withoutList: Set((noList ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }))
                if seat.format == .table { print(SeatRenderer.wardTable(wards, summary: summary)) }
                try printSeats(summary.parties, seat, wards: seat.format == .json ? (wards, summary) : nil)
                if !summary.undecidedWards.isEmpty { throw ExitCode(3) }
            }
        }
    }
}

/// Allocates the seats and prints them; exit 3 when a tie needs the lot.
func printSeats(
    _ parties: [PartyVotes], _ seat: SigReport.SeatArguments, wards: ([ResultsInput.WardResult], ElectionSummary)? = nil,
    official: OfficialResult? = nil
) throws {
    let (options, source) = try seat.options()
    let result = SeatAllocator.allocate(parties, options: options)
    switch seat.format {
    case .json:
        print(try SeatRenderer.json(result, wards: wards, official: official))
    case .table:
        var comparisons: [SeatResult] = []
        if seat.compare {
            for m in SeatMethod.allCases where m != result.method {
                var o = options
                o.method = m
                comparisons.append(SeatAllocator.allocate(parties, options: o))
            }
        }
        print(SeatRenderer.text(result, source: source, comparisons: comparisons), terminator: "")
    }
    if result.ties.contains(where: { !$0.decidedByLot }) { throw ExitCode(3) }
}

extension SeatMethod: ExpressibleByArgument {}
