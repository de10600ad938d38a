import GRDB

/// Two sheets that may be the same person: the table `pair`. `sheetA` is the earlier sheet.
struct PairRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "pair"
    var id: Int64?
    var sheetA: Int64
    var sheetB: Int64
    var pairClass: PairClass
    var score: Double
    var reasons: String
    var decision: PairDecision
    var decidedBy: String?
    var decidedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, sheetA, sheetB, score, reasons, decision, decidedBy, decidedAt
        case pairClass = "class"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
