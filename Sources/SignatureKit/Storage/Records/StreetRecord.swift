import GRDB

/// One range of the street directory: the table `street`.
struct StreetRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "street"
    var id: Int64?
    var streetKey: String
    var street: String
    var fromNumber: Int?
    var toNumber: Int?
    var parity: StreetParity
    var ward: Int
    var district: String?

    init(_ entry: StreetEntry) {
        streetKey = Normalizer.streetKey(entry.street)
        street = entry.street
        fromNumber = entry.from
        toNumber = entry.to
        parity = entry.parity
        ward = entry.ward
        district = entry.district
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
