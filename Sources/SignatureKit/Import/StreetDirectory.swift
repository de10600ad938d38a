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

    /// Reads a street directory file into values, checking every row against the election.
    ///
    /// - Throws: ``SignatureKitError/malformedRow(path:problem:)`` naming line and field.
    public static func parse(_ path: String, election: Election) throws -> [StreetEntry] {
        let csv = try CSVInput(path: path)
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
    public static func importFile(_ path: String, into database: SignatureDatabase) throws -> Int {
        let entries = try parse(path, election: database.election)
        try database.replaceStreetDirectory(entries)
        return entries.count
    }
}
