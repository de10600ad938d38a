import Crypto
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

    /// SHA-256 over the previous hash and every field, hex.
    static func hash(previous: String, at: String, user: String, action: String, sheets: String) -> String {
        var hasher = SHA256()
        for part in [previous, at, user, action, sheets] {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0x1F]))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Appends an entry after the newest one, in the caller's transaction.
    static func append(_ db: Database, user: String, action: String, sheets: [String]) throws {
        let previous = try String.fetchOne(db, sql: "SELECT hash FROM audit ORDER BY id DESC LIMIT 1") ?? ""
        let at = SignatureDatabase.timestamp()
        let list = sheets.joined(separator: " ")
        var entry = AuditRecord(
            at: at, user: user, action: action, sheets: list, previousHash: previous,
            hash: hash(previous: previous, at: at, user: user, action: action, sheets: list))
        try entry.insert(db)
    }
}
