import Foundation

/// votemanager's street directory `opendata-strassen.csv`: `datum;ags;Strassen-Name;Hausnummern-Bereich;PLZ;Ortsteil;Bezirk-Nr`.
///
/// `Hausnummern-Bereich` is free text of comma-separated pieces: `2-12 ger.` (even), `45-49 ung.` (odd), `50-74`, a
/// single number, letter suffixes (`94A-123`, `1 A`), `gerade`/`ungerade`/`alle`; empty means the whole street. A piece
/// that reads as none of these is reported with its line, never guessed.
enum VotemanagerStreets {
    static func parse(_ source: String, shownAs path: String, election: Election, pollingDistricts: [String: String]?) throws
        -> [StreetEntry]
    {
        let csv = try CSVInput(path: source)
        let map = try ColumnMap(
            header: csv.header, path: path,
            fields: [
                ("datum", []), ("ags", []), ("street", ["Strassen-Name", "Straßen-Name"]), ("range", ["Hausnummern-Bereich"]),
                ("postal_code", ["PLZ"]), ("locality", ["Ortsteil"]), ("district_number", ["Bezirk-Nr"]),
            ],
            required: ["street", "range", "district_number"])
        var entries: [StreetEntry] = []
        while let (line, fields) = try csv.nextFields() {
            let fail = { (field: String, reason: String) in
                SignatureKitError.malformedRow(path: path, problem: RowProblem(line: line, field: field, reason: reason))
            }
            let street = map.value("street", in: fields)
            if street.isEmpty { throw fail("Strassen-Name", "darf nicht leer sein") }
            let number = map.value("district_number", in: fields)
            let wardText = pollingDistricts.map { $0[number] ?? "" } ?? number
            if pollingDistricts != nil && wardText.isEmpty {
                throw fail("Bezirk-Nr", "Stimmbezirk \(quote(number)) fehlt in der Zuordnung (--polling-districts)")
            }
            guard let ward = Int(wardText), election.ward(ward) != nil else {
                throw fail("Bezirk-Nr", "\(quote(wardText)) ist kein Wahlbezirk dieser Wahl")
            }
            for piece in try ranges(map.value("range", in: fields), fail: fail) {
                entries.append(StreetEntry(street: street, from: piece.from, to: piece.to, parity: piece.parity, ward: ward, district: nil))
            }
        }
        return entries
    }

    /// The pieces of a `Hausnummern-Bereich`.
    static func ranges(_ text: String, fail: (String, String) -> SignatureKitError) throws -> [(from: Int?, to: Int?, parity: StreetParity)] {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return [(nil, nil, .all)] }
        return try text.split(separator: ",").map { raw in
            var piece = String(raw).lowercased().trimmingCharacters(in: .whitespaces)
            if let whole = StreetParity(parsing: piece), ["alle", "all", "gerade", "even", "ungerade", "odd"].contains(piece) {
                return (nil, nil, whole)
            }
            var parity = StreetParity.all
            for (suffix, side) in [("ger.", StreetParity.even), ("gerade", .even), ("ung.", .odd), ("ungerade", .odd)] where piece.hasSuffix(suffix) {
                parity = side
                piece = String(piece.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
                break
            }
            let bounds = piece.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard (1...2).contains(bounds.count), let from = houseNumber(bounds[0]), let to = houseNumber(bounds.last ?? "")
            else { throw fail("Hausnummern-Bereich", "Teil \(quote(String(raw).trimmingCharacters(in: .whitespaces))) nicht lesbar") }
            guard from <= to else { throw fail("Hausnummern-Bereich", "Teil \(quote(String(raw))): Anfang nach dem Ende") }
            return (from, to, parity)
        }
    }

    /// `94`, `94A`, `94 a` → 94; anything else `nil`.
    static func houseNumber(_ text: String) -> Int? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let rest = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, digits.count <= 6, rest.count <= 1, rest.allSatisfy({ $0.isLetter }) else { return nil }
        return Int(digits)
    }
}
