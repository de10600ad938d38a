import GRDB

/// One recorded status change of a sheet: the table `statusEvent`.
struct StatusEventRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "statusEvent"
    var id: Int64?
    var sheetId: Int64
    var fromStatus: SheetStatus
    var toStatus: SheetStatus
    var reason: RejectReason?
    var at: String
    var by: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var event: StatusEvent { StatusEvent(from: fromStatus, to: toStatus, reason: reason, at: at, by: by) }
}
