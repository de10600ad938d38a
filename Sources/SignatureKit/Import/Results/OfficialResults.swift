import Foundation

/// The result files cities publish, recognised from the file itself.
public enum ResultsFormat: String, Sendable, Codable {
    /// KRZN (Krefeld's results site): a title line, the header, a key row with the party names, one row per area.
    case krzn
    /// votemanager open data: party names from a key (`--parties`); an empty cell is "not yet reported".
    case votemanager
    /// The open election data standard (offener Wahldatenstandard): party names from the ballot file (`--parties`).
    case openStandard = "offener-wahldatenstandard"

    public var germanName: String {
        switch self {
        case .krzn: "KRZN"
        case .votemanager: "votemanager (Open Data)"
        case .openStandard: "offener Wahldatenstandard"
        }
    }
}

/// One counted area (a polling district or a ward) of a results file.
public struct AreaResult: Sendable, Equatable {
    public var number: String
    public var name: String
    public var eligible: Int
    public var voters: Int
    public var invalid: Int
    public var valid: Int
    /// Votes per party, in ballot order of ``OfficialResult/parties``.
    public var votes: [Int]
}

/// A whole results file, every area counted once.
public struct OfficialResult: Sendable {
    public var format: ResultsFormat
    public var electionName: String
    /// Party names in ballot order.
    public var parties: [String]
    public var areas: [AreaResult]
    /// Areas without figures yet (an election night): left out of every sum.
    public var missingAreas: Int
    /// Rows of a coarser level or a total row that were left out so nothing counts twice.
    public var skippedTotalRows: Int
    /// Ward results, where the file or `--polling-districts` tells which area belongs to which ward.
    public var wards: [ResultsInput.WardResult]?

    public var eligible: Int { areas.reduce(0) { $0 + $1.eligible } }
    public var voters: Int { areas.reduce(0) { $0 + $1.voters } }
    public var invalid: Int { areas.reduce(0) { $0 + $1.invalid } }
    public var valid: Int { areas.reduce(0) { $0 + $1.valid } }
    public var turnout: Double { SeatAllocator.percent(voters, of: eligible) }

    /// Party totals for the seat allocation, with wards won where wards are known.
    public var partyVotes: [PartyVotes] {
        var wins: [String: Int] = [:]
        for w in wards ?? [] { if let winner = w.winner { wins[winner, default: 0] += 1 } }
        return parties.enumerated().map { i, party in
            PartyVotes(party: party, votes: areas.reduce(0) { $0 + $1.votes[i] }, wardsWon: wards == nil ? nil : wins[party] ?? 0)
        }
    }
}

/// Reads KRZN, votemanager and open-standard result files.
public enum OfficialResults {
    /// The format of a results file, from its first line; `nil` for SignatureKit's own formats.
    public static func detect(_ path: String) throws -> ResultsFormat? {
        let csv = try CSVInput(path: path)
        let first = csv.header.map { $0.lowercased() }
        if first.first?.hasPrefix("csv-datei erstellt am") == true { return .krzn }
        if first.starts(with: ["datum", "wahl", "ags", "gebiet-nr"]) { return .votemanager }
        if first.starts(with: ["version", "wahl-behoerde-gs", "wahl-datum", "wahl-name"]) { return .openStandard }
        return nil
    }

    /// Reads a results file of a recognised format.
    ///
    /// - Parameters:
    ///   - parties: The party key (`column;party`, votemanager's `open_data.json`, or the open standard's ballot
    ///     file); required for votemanager and the open standard.
    ///   - pollingDistricts: `polling_district;ward` (German `Stimmbezirk;Wahlbezirk`): which area belongs to which ward.
    ///   - lot: Ward ties decided by lot (ward → party).
    /// - Throws: German errors naming file, line and column.
    public static func read(
        _ path: String, format: ResultsFormat, parties partiesPath: String? = nil, pollingDistricts: String? = nil,
        lot: [String: String] = [:]
    ) throws -> OfficialResult {
        let csv = try CSVInput(path: path, skippingLines: format == .krzn ? 1 : 0)
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
        let upper = header.map { $0.uppercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { upper.firstIndex(of: $0.uppercased()) }.first }
        let (numberNames, nameNames) =
            switch format {
            case .krzn: (["NR"], ["BEZEICHNUNG"])
            case .votemanager: (["gebiet-nr"], ["gebiet-name"])
            case .openStandard: (["bezirk-nr"], ["bezirk-name"])
            }
        func required(_ names: [String]) throws -> Int {
            guard let i = column(names) else {
                throw SignatureKitError.missingColumn(path: path, column: names[0])
            }
            return i
        }
        let numberColumn = try required(numberNames)
        let nameColumn = column(nameNames)
        let a = try required(["A"])
        let b = try required(["B"])
        let c = try required(["C"])
        let d = try required(["D"])
        let levelColumn = format == .krzn ? column(["EBENE"]) : nil
        let kindColumn = format == .krzn ? column(["WAHLART"]) : column(["wahl", "wahl-name"])
        // Party columns D1 … Dn (numbering may skip).
        let partyColumns = upper.enumerated().filter { $0.element.count > 1 && $0.element.hasPrefix("D") && Int($0.element.dropFirst()) != nil }
            .map { (index: $0.offset, key: $0.element) }
        if partyColumns.isEmpty { throw SignatureKitError.missingColumn(path: path, column: "D1") }
        var names: [String: String] = [:]
        if let partiesPath { names = try PartyKey.read(partiesPath) }

        var rows: [(line: Int, fields: [String])] = []
        var keyRow: [String]?
        while let (line, fields) = try csv.nextFields() {
            if fields.count != header.count {
                throw SignatureKitError.malformedRow(
                    path: path, problem: RowProblem(line: line, field: "Zeile", reason: "\(fields.count) Felder statt \(header.count)"))
            }
            // KRZN: the row after the header carries the party names under the Dn columns.
            if format == .krzn && keyRow == nil && rows.isEmpty && fields[numberColumn].trimmingCharacters(in: .whitespaces).isEmpty {
                keyRow = fields
                continue
            }
            rows.append((line, fields))
        }
        if let keyRow {
            for p in partyColumns {
                let name = keyRow[p.index].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { names[p.key] = name }
            }
        }
        for p in partyColumns where names[p.key] == nil {
            throw SignatureKitError.malformedRow(
                path: partiesPath ?? path,
                problem: RowProblem(
                    line: format == .krzn ? csv.headerLine + 1 : 1, field: p.key,
                    reason: format == .krzn ? "kein Parteiname in der Schlüsselzeile" : "kein Parteiname im Schlüssel (--parties DATEI)"))
        }
        // Every row is recognised by what it is: a counted district (urn, postal, special) or an aggregate (ward,
        // Stadtbezirk, city, Kreis …), by its level's name (KRZN `EBENE`) or by its name or key (votemanager, open
        // standard). Never by how many rows share a level: all districts count, every aggregate is checked, none twice.
        let levelOf: ((line: Int, fields: [String])) -> String = { row in
            if let levelColumn { return row.fields[levelColumn].trimmingCharacters(in: .whitespaces) }
            let name = nameColumn.map { row.fields[$0] } ?? ""
            let number = row.fields[numberColumn].trimmingCharacters(in: .whitespaces)
            if number.isEmpty || number.allSatisfy({ $0 == "0" }) { return "Gesamt" }
            return String(name.split(separator: " ").first ?? "")
        }
        let levelNames = Set(rows.map(levelOf))
        let hasPollingDistricts = levelNames.contains {
            AreaLevel(name: $0, wardsAreAggregates: false) == .pollingDistrict && !AreaLevel.isWardWord($0)
        }
        var aggregates: [(level: String, line: Int, fields: [String])] = []
        var counted: [(line: Int, fields: [String])] = []
        for row in rows {
            let level = levelOf(row)
            switch AreaLevel(name: level, wardsAreAggregates: hasPollingDistricts) {
            case .pollingDistrict: counted.append(row)
            case .aggregate: aggregates.append((level, row.line, row.fields))
            case .unknown:
                // A level the reader does not know (KRZN): refused rather than counted twice or not at all.
                guard levelColumn == nil else {
                    throw SignatureKitError.malformedRow(
                        path: path,
                        problem: RowProblem(
                            line: row.line, field: header[levelColumn ?? 0],
                            reason: "Ebene \(quote(level)) ist weder ein Stimm-/Briefwahlbezirk noch eine Summe (Wahlbezirk, Stadtbezirk, Gemeinde …)"
                        ))
                }
                counted.append(row)
            }
        }
        var skipped = aggregates.count
        rows = counted
        var areas: [AreaResult] = []
        var areaLines: [Int] = []
        var missing = 0
        var seen = Set<String>()
        for (line, f) in rows {
            let number = f[numberColumn].trimmingCharacters(in: .whitespaces)
            func count(_ i: Int, label: String) throws -> Int? {
                let text = f[i].trimmingCharacters(in: .whitespaces)
                if text.isEmpty { return nil }
                if text == "---" || text == "-" { return 0 }  // no candidate here
                guard let n = Int(text), n >= 0, n < 100_000_000 else {
                    throw SignatureKitError.malformedRow(
                        path: path, problem: RowProblem(line: line, field: label, reason: "\(quote(text)) ist keine Zahl ≥ 0"))
                }
                return n
            }
            let fixed = try [(a, "A"), (b, "B"), (c, "C"), (d, "D")].map { try count($0.0, label: $0.1) }
            let partyVotes = try partyColumns.map { try count($0.index, label: $0.key) }
            guard fixed.allSatisfy({ $0 != nil }), partyVotes.allSatisfy({ $0 != nil }) else {
                missing += 1  // not yet reported: never zero
                continue
            }
            if !seen.insert(number).inserted {
                throw SignatureKitError.malformedRow(
                    path: path, problem: RowProblem(line: line, field: header[numberColumn], reason: "Gebiet \(quote(number)) steht doppelt"))
            }
            areaLines.append(line)
            areas.append(
                AreaResult(
                    number: number, name: nameColumn.map { f[$0].trimmingCharacters(in: .whitespaces) } ?? number,
                    eligible: fixed[0] ?? 0, voters: fixed[1] ?? 0, invalid: fixed[2] ?? 0, valid: fixed[3] ?? 0,
                    votes: partyVotes.map { $0 ?? 0 }))
        }
        // A row named like a district that is the sum of all the others is an aggregate the file does not name as one:
        // refused, never guessed.
        if areas.count > 2 && levelColumn == nil {
            for (i, candidate) in areas.enumerated() {
                let others = areas.enumerated().filter { $0.offset != i }.map(\.element)
                if AreaTotals(others) == AreaTotals([candidate]) {
                    throw SignatureKitError.malformedRow(
                        path: path,
                        problem: RowProblem(
                            line: areaLines[i], field: header[numberColumn],
                            reason:
                                "Gebiet \(quote(candidate.number)) (\(candidate.name)) ist die Summe aller übrigen, heißt aber nicht wie eine Summenzeile (Gesamt, Gemeinde, Stadt …)"
                        ))
                }
            }
        }
        // Where the file carries totals, the districts must add up to each level of them (every level covers the
        // whole area once): a difference is an error naming the level, never a silent result.
        var wardRows: [AreaResult] = []
        if missing == 0 {
            let districtSum = AreaTotals(areas)
            let byLevel = Dictionary(grouping: aggregates, by: { Normalizer.fold($0.level) })
            for (_, group) in byLevel.sorted(by: { $0.key < $1.key }) {
                var results: [AreaResult] = []
                for row in group {
                    let f = row.fields
                    func n(_ i: Int) -> Int { Int(f[i].trimmingCharacters(in: .whitespaces)) ?? 0 }
                    results.append(
                        AreaResult(
                            number: f[numberColumn].trimmingCharacters(in: .whitespaces),
                            name: nameColumn.map { f[$0].trimmingCharacters(in: .whitespaces) } ?? "", eligible: n(a), voters: n(b), invalid: n(c),
                            valid: n(d), votes: partyColumns.map { n($0.index) }))
                }
                if let difference = AreaTotals(results).difference(from: districtSum, parties: partyColumns.map { names[$0.key] ?? $0.key }) {
                    throw SignatureKitError.malformedRow(
                        path: path,
                        problem: RowProblem(
                            line: group[0].line, field: group[0].level,
                            reason: "die Summe der Stimmbezirke passt nicht zur Ebene \(quote(group[0].level)): \(difference)"))
                }
                if AreaLevel.isWardWord(group[0].level) { wardRows = results }
            }
        }
        if areas.isEmpty && missing == 0 { throw SignatureKitError.emptyFile(path) }
        let partyNames = partyColumns.map { names[$0.key] ?? $0.key }
        let kind = kindColumn.flatMap { rows.first?.fields[$0] } ?? ""
        var wards: [ResultsInput.WardResult]?
        if let pollingDistricts {
            let map = try PollingDistrictMap.read(pollingDistricts)
            var grouped: [String: [Int]] = [:]
            var order: [String] = []
            for area in areas {
                guard let ward = map[area.number] else {
                    throw SignatureKitError.malformedRow(
                        path: pollingDistricts,
                        problem: RowProblem(line: 1, field: "Stimmbezirk", reason: "Gebiet \(quote(area.number)) fehlt in der Zuordnung"))
                }
                if grouped[ward] == nil { order.append(ward) }
                grouped[ward] = zip(grouped[ward] ?? [Int](repeating: 0, count: partyNames.count), area.votes).map(+)
            }
            wards = order.map { ResultsInput.wardResult(ward: $0, parties: partyNames, votes: grouped[$0] ?? [], lot: lot) }
        } else if !wardRows.isEmpty, Normalizer.fold(kind).contains("rat") || Normalizer.fold(kind).contains("kommunal") {
            // The file's own ward rows (aggregates of its polling and postal districts), checked against them above.
            wards = wardRows.map { ResultsInput.wardResult(ward: $0.number, parties: partyNames, votes: $0.votes, lot: lot) }
        } else if format == .krzn, let levelColumn, let level = rows.first?.fields[levelColumn],
            Normalizer.fold(level) == "wahlbezirk", Normalizer.fold(kind).contains("rat") || Normalizer.fold(kind).contains("kommunal")
        {
            // A council file whose rows are the wards themselves.
            wards = areas.map { ResultsInput.wardResult(ward: $0.number, parties: partyNames, votes: $0.votes, lot: lot) }
        }
        return OfficialResult(
            format: format, electionName: kind, parties: partyNames, areas: areas, missingAreas: missing, skippedTotalRows: skipped,
            wards: missing == 0 ? wards : nil)
    }
}

/// What a row of a results file is.
enum AreaLevel: Equatable {
    /// Counted: an urn, postal or special district (or a ward in a file that has nothing finer).
    case pollingDistrict
    /// A sum of districts: ward, Stadtbezirk, municipality, Kreis, constituency, total.
    case aggregate
    case unknown

    static let districtWords = [
        "stimmbezirk", "urnenwahlbezirk", "urnenstimmbezirk", "briefwahlbezirk", "briefwahl", "sonderwahlbezirk", "sonderstimmbezirk",
        "wahllokal", "urnenwahl",
    ]
    static let aggregateWords = [
        "gemeinde", "stadt", "kreis", "stadtbezirk", "gemeindebezirk", "bezirk", "ortsteil", "ortsbezirk", "wahlkreis", "gesamt",
        "gesamtergebnis", "wahlgebiet", "land", "bund", "summe",
    ]

    static func isWardWord(_ name: String) -> Bool {
        let key = Normalizer.fold(name)
        return key == "wahlbezirk" || key == "kommunalwahlbezirk"
    }

    /// `wardsAreAggregates`: the file has polling or postal districts, so its "Wahlbezirk" rows are the wards' sums.
    init(name: String, wardsAreAggregates: Bool) {
        let key = Normalizer.fold(name)
        if Self.isWardWord(name) {
            self = wardsAreAggregates ? .aggregate : .pollingDistrict
        } else if Self.districtWords.contains(where: { key == $0 || key.hasPrefix($0) }) {
            self = .pollingDistrict
        } else if Self.aggregateWords.contains(where: { key == $0 }) {
            self = .aggregate
        } else {
            self = .unknown
        }
    }
}

/// The sums of a set of areas, to compare levels.
struct AreaTotals: Equatable {
    var eligible = 0
    var voters = 0
    var invalid = 0
    var valid = 0
    var votes: [Int] = []

    init(_ areas: [AreaResult]) {
        for x in areas {
            eligible += x.eligible
            voters += x.voters
            invalid += x.invalid
            valid += x.valid
            if votes.isEmpty { votes = [Int](repeating: 0, count: x.votes.count) }
            for k in x.votes.indices where k < votes.count { votes[k] += x.votes[k] }
        }
    }

    /// The first difference in German ("gültige Stimmen 5150 statt 5153 (3 weniger)"), or `nil` when equal.
    func difference(from districts: AreaTotals, parties: [String]) -> String? {
        let fields =
            [
                ("Wahlberechtigte (A)", eligible, districts.eligible), ("Wählende (B)", voters, districts.voters),
                ("ungültige Stimmen (C)", invalid, districts.invalid), ("gültige Stimmen (D)", valid, districts.valid),
            ]
            + parties.indices.map {
                ("Stimmen \(parties[$0])", $0 < votes.count ? votes[$0] : 0, $0 < districts.votes.count ? districts.votes[$0] : 0)
            }
        for (label, level, sum) in fields where level != sum {
            return "\(label): Summenzeile \(level), Stimmbezirke zusammen \(sum) (Unterschied \(sum - level))"
        }
        return nil
    }
}

/// The party key of a results file: column (`D3`) → party name.
enum PartyKey {
    /// Reads `column;party` CSV, votemanager's `open_data.json` (`parteien` with `feld`/`wert`), or the open standard's
    /// ballot file (`stimmzettel-position;partei-kurzname;…`).
    static func read(_ path: String) throws -> [String: String] {
        if path.lowercased().hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: path) else { throw SignatureKitError.fileNotFound(path) }
            guard let json = try? JSONSerialization.jsonObject(with: data) else {
                throw SignatureKitError.malformedRow(path: path, problem: RowProblem(line: 1, field: "JSON", reason: "kein gültiges JSON"))
            }
            var out: [String: String] = [:]
            func walk(_ value: Any) {
                if let dict = value as? [String: Any] {
                    if let list = dict["parteien"] as? [[String: Any]] {
                        for p in list {
                            if let feld = p["feld"] as? String, let wert = p["wert"] as? String { out[feld.uppercased()] = wert }
                        }
                    }
                    dict.values.forEach(walk)
                } else if let array = value as? [Any] {
                    array.forEach(walk)
                }
            }
            walk(json)
            if out.isEmpty {
                throw SignatureKitError.malformedRow(
                    path: path, problem: RowProblem(line: 1, field: "parteien", reason: "keine Einträge mit „feld“ und „wert“"))
            }
            return out
        }
        let csv = try CSVInput(path: path)
        let lower = csv.header.map { $0.lowercased() }
        var out: [String: String] = [:]
        if let position = lower.firstIndex(of: "stimmzettel-position"), let short = lower.firstIndex(of: "partei-kurzname") {
            while let (line, f) = try csv.nextFields() {
                guard position < f.count, short < f.count, let n = Int(f[position].trimmingCharacters(in: .whitespaces)), n > 0 else {
                    throw SignatureKitError.malformedRow(
                        path: path, problem: RowProblem(line: line, field: "stimmzettel-position", reason: "keine Zahl > 0"))
                }
                out["D\(n)"] = f[short].trimmingCharacters(in: .whitespaces)
            }
            return out
        }
        let map = try ColumnMap(
            header: csv.header, path: path, fields: [("column", ["Spalte", "feld"]), ("party", ["Partei", "wert"])],
            required: ["column", "party"])
        while let (line, f) = try csv.nextFields() {
            let column = map.value("column", in: f).uppercased()
            let party = map.value("party", in: f)
            guard column.hasPrefix("D"), Int(column.dropFirst()) != nil, !party.isEmpty else {
                throw SignatureKitError.malformedRow(
                    path: path, problem: RowProblem(line: line, field: "column", reason: "D1, D2, … mit Parteiname erwartet"))
            }
            out[column] = party
        }
        return out
    }
}

/// Which polling district (Stimmbezirk) belongs to which ward (Wahlbezirk).
enum PollingDistrictMap {
    static func read(_ path: String) throws -> [String: String] {
        let csv = try CSVInput(path: path)
        let map = try ColumnMap(
            header: csv.header, path: path, fields: [("polling_district", ["Stimmbezirk"]), ("ward", ["Wahlbezirk"])],
            required: ["polling_district", "ward"])
        var out: [String: String] = [:]
        while let (line, f) = try csv.nextFields() {
            let district = map.value("polling_district", in: f)
            let ward = map.value("ward", in: f)
            if district.isEmpty || ward.isEmpty {
                throw SignatureKitError.malformedRow(
                    path: path, problem: RowProblem(line: line, field: "Stimmbezirk", reason: "darf nicht leer sein"))
            }
            out[district] = ward
        }
        return out
    }
}

extension ResultsInput {
    /// One ward's result from votes in ballot order; the winner, or the tie (decided by `lot`).
    static func wardResult(ward: String, parties: [String], votes: [Int], lot: [String: String]) -> WardResult {
        var w = WardResult(
            ward: ward, votes: Array(zip(parties, votes)).map { (party: $0.0, votes: $0.1) }, eligible: nil, ballots: nil, winner: nil, tied: [])
        let top = votes.max() ?? 0
        let leaders = w.votes.filter { $0.votes == top }.map(\.party)
        if leaders.count == 1 {
            w.winner = leaders[0]
        } else if let drawn = lot[ward], leaders.contains(drawn) {
            w.winner = drawn
            w.tied = leaders
        } else {
            w.tied = leaders
        }
        return w
    }
}
