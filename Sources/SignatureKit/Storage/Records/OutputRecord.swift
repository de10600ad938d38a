import GRDB

extension OutputKind: DatabaseValueConvertible {}

/// A file with names the tool wrote: the table `output`.
struct OutputRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "output"
    var id: Int64?
    var path: String
    var kind: OutputKind
    var writtenAt: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
