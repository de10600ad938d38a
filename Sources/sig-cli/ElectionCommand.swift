import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

extension SigCLI {
    struct ElectionCommands: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "election", abstract: "Set up an election as data: every nomination and quota from the statutes.",
            subcommands: [New.self])

        struct New: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write a validated election file that `init --election FILE` takes.",
                discussion: """
                    Kommunalwahl/Kreistag: --inhabitants --voters [--council-size] [--wards] [--district NAME=VOTERS]…
                    [--ward-names FILE]. Bundestag: --state-voters --constituency NUMBER=NAME…. Landtag: --constituency ….
                    """)
            enum Kind: String, ExpressibleByArgument, CaseIterable { case kommunalwahl, kreistag, bundestag, landtag }
            @Option(help: "kommunalwahl, kreistag, bundestag or landtag.") var kind: Kind
            @Option(help: "The election's name, e.g. \"Kommunalwahl Musterstadt 2030\".") var name: String
            @Option(help: "Election day (TT.MM.JJJJ or JJJJ-MM-TT).") var electionDay: DayArgument
            @Option(help: "The municipality or Kreis (Kommunalwahl, Kreistag); default for Bundestag/Landtag: Nordrhein-Westfalen.")
            var city: String?
            @Option(help: "The file's id (default: from the name).") var id: String?
            @Option(help: "Population of the municipality or Kreis (IT.NRW).") var inhabitants: Int?
            @Option(help: "Eligible voters of the Wahlgebiet.") var voters: Int?
            @Option(help: "A council made smaller by Satzung (KWahlG § 3 Abs. 2 S. 2).") var councilSize: Int?
            @Option(help: "Number of wards (must be half the council).") var wards: Int?
            @Option(help: "A Stadtbezirk and its eligible voters: NAME=VOTERS (repeatable).") var district: [String] = []
            @Option(help: "A CSV file number;name of the wards.") var wardNames: String?
            @Option(help: "Eligible voters of the Land at the last Bundestag election (Landesliste).") var stateVoters: Int?
            @Option(help: "A constituency: NUMBER=NAME (repeatable).") var constituency: [String] = []
            @Option(help: "Postal codes of the Wahlgebiet, comma-separated.") var postalCodes: String?
            @Option(help: "The file to write (refused when it exists).") var output: String

            func run() throws {
                try guarded {
                    let day = try electionDay.day("--election-day")
                    var spec = ElectionSpec(kind: ElectionKind(rawValue: kind.rawValue) ?? .kommunalwahl, name: name, electionDay: day)
                    spec.id = id
                    spec.city = city
                    spec.inhabitants = inhabitants
                    spec.voters = voters
                    spec.councilSize = councilSize
                    spec.wards = wards
                    spec.stateVoters = stateVoters
                    spec.districts = try district.map { item in
                        let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                        guard parts.count == 2, !parts[0].isEmpty, let voters = Int(parts[1]) else {
                            throw SignatureKitError.invalidField(
                                field: "--district", reason: "„\(item)“: NAME=WAHLBERECHTIGTE erwartet, z. B. Nord=35000")
                        }
                        return (parts[0], voters)
                    }
                    spec.constituencies = try constituency.map { item in
                        let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                        guard parts.count == 2, let number = Int(parts[0]) else {
                            throw SignatureKitError.invalidField(
                                field: "--constituency", reason: "„\(item)“: NUMMER=NAME erwartet, z. B. 110=Krefeld I – Neuss II")
                        }
                        return Constituency(number: number, name: parts[1])
                    }
                    spec.postalCodes = postalCodes.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
                    if let bad = spec.postalCodes.first(where: { $0.count != 5 || !$0.allSatisfy(\.isASCII) || Int($0) == nil }) {
                        throw SignatureKitError.invalidField(field: "--postal-codes", reason: "„\(bad)“ ist keine fünfstellige Postleitzahl")
                    }
                    if let wardNames { spec.wardNames = try ElectionBuilder.wardNames(file: wardNames) }
                    let election = try ElectionBuilder.build(spec)
                    try ElectionBuilder.write(election, to: output)
                    print(
                        "\(output): „\(election.name)“ (\(election.id)), Wahltag \(election.day.german), Einreichungsfrist \(election.deadlineText).")
                    // One line per kind: the quota (or the range of quotas) and its paragraph.
                    let grouped = Dictionary(grouping: election.allNominations) { $0.kind }
                    for kind in NominationKind.allCases {
                        guard let list = grouped[kind], let first = list.first else { continue }
                        let counts = Set(list.map { election.required(for: $0) }).sorted().map(String.init).joined(separator: "/")
                        let what = list.count == 1 ? election.label(first) : "\(list.count) × \(kind.germanName)"
                        print("  \(what): \(list.count == 1 ? "" : "je ")\(counts) Unterschriften (\(election.quotaSource(for: kind)?.basis ?? ""))")
                    }
                    print("Weiter: sig-cli init --db kampagne.sqlite --election \(output)")
                }
            }
        }
    }
}
