import Foundation

/// The city's street directory: which ward (and district) a street and house number belong to.
///
/// CSV columns: `street;from;to;parity;ward;district` (German: Straße;von;bis;Seite;Wahlbezirk;Stadtbezirk).
/// `from`/`to` empty = the whole street; `parity` is `all`/`odd`/`even` (alle/ungerade/gerade).
public enum StreetDirectory {
    static let columns: [(String, [String])] = [
        ("street", ["Straße", "Strasse"]),
        ("from", ["von", "ab"]),
        ("to", ["bis"]),
        ("parity", ["Seite", "Parität", "gerade/ungerade"]),
        ("ward", ["Wahlbezirk"]),
        ("district", ["Stadtbezirk"]),
    ]

    /// What reading a street directory found besides its entries.
    public struct Reading: Sendable {
        public var entries: [StreetEntry]
        /// votemanager's `opendata-strassen.csv` was read.
        public var votemanager: Bool
        /// Its `Bezirk-Nr` was taken as the ward because no polling-district map was given.
        public var pollingDistrictTakenAsWard: Bool
        /// The file was not UTF-8 and was read as ISO-8859-1.
        public var latin1: Bool
    }

    /// Reads a street directory in SignatureKit's format or votemanager's `opendata-strassen.csv`
    /// (`datum;ags;Strassen-Name;Hausnummern-Bereich;PLZ;Ortsteil;Bezirk-Nr`), detected from the header. A file that is
    /// not UTF-8 is read as ISO-8859-1 (older city exports).
    ///
    /// - Parameter pollingDistricts: `polling_district;ward` (German `Stimmbezirk;Wahlbezirk`) for votemanager's
    ///   `Bezirk-Nr`, which is a polling district; without it the number is taken as the ward.
    public static func read(_ path: String, election: Election, pollingDistricts: String? = nil) throws -> Reading {
        let (source, latin1) = try utf8Copy(of: path)
        defer { if latin1 { try? FileManager.default.removeItem(atPath: source) } }
        let head = try CSVInput(path: source).header.map { $0.lowercased() }
        if head.contains("strassen-name") && head.contains("hausnummern-bereich") {
            let map = try pollingDistricts.map { try PollingDistrictMap.read($0) }
            let entries = try VotemanagerStreets.parse(source, shownAs: path, election: election, pollingDistricts: map)
            return Reading(entries: entries, votemanager: true, pollingDistrictTakenAsWard: map == nil, latin1: latin1)
        }
        return Reading(
            entries: try parse(source, shownAs: path, election: election), votemanager: false, pollingDistrictTakenAsWard: false, latin1: latin1)
    }

    /// The file itself when it is UTF-8; otherwise a temporary UTF-8 copy of it read as ISO-8859-1.
    static func utf8Copy(of path: String) throws -> (String, Bool) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SignatureKitError.fileNotFound(path) }
        let data = (try? handle.read(upToCount: 64 << 20)) ?? Data()
        try? handle.close()
        if String(data: data, encoding: .utf8) != nil || data.count >= 64 << 20 { return (path, false) }
        guard let text = String(data: data, encoding: .isoLatin1) else { return (path, false) }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sig-streets-\(UUID().uuidString).csv").path
        guard FileManager.default.createFile(atPath: copy, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw SignatureKitError.ioFailure(path: path, reason: "Zwischendatei für die Umwandlung nach UTF-8 kann nicht geschrieben werden.")
        }
        return (copy, true)
    }

    /// Reads a street directory file into values, checking every row against the election.
    ///
    /// - Throws: ``SignatureKitError/malformedRow(path:problem:)`` naming line and field.
    public static func parse(_ source: String, shownAs shown: String? = nil, election: Election) throws -> [StreetEntry] {
        let path = shown ?? source
        let csv = try CSVInput(path: source)
        let map = try ColumnMap(header: csv.header, path: path, fields: columns, required: ["street", "ward"])
        var entries: [StreetEntry] = []
        while let (line, fields) = try csv.nextFields() {
            let fail = { (field: String, reason: String) in
                SignatureKitError.malformedRow(path: path, problem: RowProblem(line: line, field: field, reason: reason))
            }
            let street = map.value("street", in: fields)
            if street.isEmpty { throw fail("Straße", "darf nicht leer sein") }
            let fromText = map.value("from", in: fields)
            let toText = map.value("to", in: fields)
            let from = fromText.isEmpty ? nil : Int(fromText)
            let to = toText.isEmpty ? nil : Int(toText)
            if !fromText.isEmpty && from == nil { throw fail("von", "\(quote(fromText)) ist keine Hausnummer") }
            if !toText.isEmpty && to == nil { throw fail("bis", "\(quote(toText)) ist keine Hausnummer") }
            if let from, let to, from > to { throw fail("bis", "kleiner als „von“") }
            let parityText = map.value("parity", in: fields)
            guard let parity = StreetParity(parsing: parityText) else {
                throw fail("Seite", "\(quote(parityText)) unbekannt (alle, gerade, ungerade)")
            }
            let wardText = map.value("ward", in: fields)
            guard let ward = Int(wardText), election.ward(ward) != nil else {
                throw fail("Wahlbezirk", "\(quote(wardText)) ist kein Wahlbezirk dieser Wahl")
            }
            let districtText = map.value("district", in: fields)
            var district: String?
            if !districtText.isEmpty {
                guard let d = election.district(named: districtText) else {
                    throw fail("Stadtbezirk", "\(quote(districtText)) ist kein Stadtbezirk dieser Wahl")
                }
                district = d.name
            }
            entries.append(StreetEntry(street: street, from: from, to: to, parity: parity, ward: ward, district: district))
        }
        return entries
    }

    /// Replaces the database's street directory with the file's rows (all or nothing) and re-checks every sheet.
    ///
    /// - Returns: The number of rows stored.
    /// - Throws: ``SignatureKitError/malformedRow(path:problem:)`` naming line and field; nothing is changed then.
    @discardableResult
    public static func importFile(_ path: String, into database: SignatureDatabase, pollingDistricts: String? = nil) throws -> Int {
        let entries = try read(path, election: database.election, pollingDistricts: pollingDistricts).entries
        try database.replaceStreetDirectory(entries)
        return entries.count
    }

    /// Reads the file (either format) and replaces the database's directory with it; returns what was read.
    @discardableResult
    public static func load(
        _ path: String, into store: any StreetDirectoryStore & CampaignScope, pollingDistricts: String? = nil, by actor: Actor
    ) async throws -> Reading {
        let reading = try read(path, election: store.election, pollingDistricts: pollingDistricts)
        try await store.replaceStreets(reading.entries, by: actor)
        return reading
    }
}
