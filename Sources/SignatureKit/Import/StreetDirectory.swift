import GRDB

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

    /// Where the address lies, or `.unknownStreet`.
    static func lookup(_ db: Database, street: String, houseNumber: String) throws -> AddressLookup {
        let number = Normalizer.houseNumberValue(houseNumber) ?? -1
        let parity = number % 2 == 0 ? "even" : "odd"
        let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT ward, district FROM street WHERE streetKey = ?
                AND (fromNumber IS NULL OR ? >= fromNumber) AND (toNumber IS NULL OR ? <= toNumber)
                AND parity IN ('all', ?) LIMIT 1
                """),
            arguments: [Normalizer.streetKey(street), number, number, parity])
        guard let row else { return .unknownStreet }
        return .found(ward: row["ward"], district: row["district"])
    }

    /// Replaces the street directory with the file's rows (all or nothing) and re-checks every sheet.
    ///
    /// - Returns: The number of rows stored.
    /// - Throws: ``SignatureKitError/malformedRow(path:problem:)`` naming line and field; nothing is changed then.
    @discardableResult
    public static func importFile(_ path: String, into database: SignatureDatabase) throws -> Int {
        let csv = try CSVInput(path: path)
        let map = try ColumnMap(header: csv.header, path: path, fields: columns, required: ["street", "ward"])
        var rows: [(String, String, Int?, Int?, String, Int, String?)] = []
        while let (line, fields) = try csv.next() {
            let fail = { (field: String, reason: String) in
                SignatureKitError.malformedRow(path: path, problem: RowProblem(line: line, field: field, reason: reason))
            }
            let street = map.value("street", in: fields)
            if street.isEmpty { throw fail("Straße", "darf nicht leer sein") }
            let fromText = map.value("from", in: fields), toText = map.value("to", in: fields)
            let from = fromText.isEmpty ? nil : Int(fromText)
            let to = toText.isEmpty ? nil : Int(toText)
            if !fromText.isEmpty && from == nil { throw fail("von", "„\(fromText)“ ist keine Hausnummer") }
            if !toText.isEmpty && to == nil { throw fail("bis", "„\(toText)“ ist keine Hausnummer") }
            if let from, let to, from > to { throw fail("bis", "kleiner als „von“") }
            let parity: String
            switch Normalizer.fold(map.value("parity", in: fields)) {
            case "", "all", "alle": parity = "all"
            case "odd", "ungerade", "u": parity = "odd"
            case "even", "gerade", "g": parity = "even"
            case let other: throw fail("Seite", "„\(other)“ unbekannt (alle, gerade, ungerade)")
            }
            let wardText = map.value("ward", in: fields)
            guard let ward = Int(wardText), database.election.ward(ward) != nil else {
                throw fail("Wahlbezirk", "„\(wardText)“ ist kein Wahlbezirk dieser Wahl")
            }
            let districtText = map.value("district", in: fields)
            var district: String?
            if !districtText.isEmpty {
                guard let d = database.election.district(named: districtText) else {
                    throw fail("Stadtbezirk", "„\(districtText)“ ist kein Stadtbezirk dieser Wahl")
                }
                district = d.name
            }
            rows.append((Normalizer.streetKey(street), street, from, to, parity, ward, district))
        }
        try database.writer.write { db in
            try db.execute(sql: "DELETE FROM street")
            let stmt = try db.makeStatement(sql: """
                INSERT INTO street(streetKey, street, fromNumber, toNumber, parity, ward, district)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for r in rows { try stmt.execute(arguments: [r.0, r.1, r.2, r.3, r.4, r.5, r.6]) }
        }
        try database.recheck()
        return rows.count
    }
}
