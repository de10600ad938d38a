import Foundation
import GRDB

/// One entry of the tamper-evident record: when, who, what, which sheets – never personal data. Each entry holds
/// the hash of the one before, so a changed, deleted or reordered entry breaks the chain: the table `audit`.
struct AuditRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "audit"
    var id: Int64?
    var at: String
    var user: String
    var action: String
    /// Sheet numbers, space-separated.
    var sheets: String
    var previousHash: String
    var hash: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Appends an entry after the newest one, in the caller's transaction (``AuditChain/next(after:at:user:action:sheets:)``).
    static func append(_ db: Database, user: String, action: String, sheets: [String]) throws {
        let previous = try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY id DESC LIMIT 1") ?? ""
        let row = AuditChain.next(after: previous, at: SignatureDatabase.timestamp(), user: user, action: action, sheets: sheets)
        var entry = AuditRecord(
            at: row.at, user: row.user, action: row.action, sheets: row.sheets, previousHash: row.previousHash, hash: row.hash)
        try entry.insert(db)
    }

    var row: AuditRow { AuditRow(id: id, at: at, user: user, action: action, sheets: sheets, previousHash: previousHash, hash: hash) }
}
