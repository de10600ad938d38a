import Foundation
import GRDB

extension AccountRole: DatabaseValueConvertible {}

/// A team member's account: the table `account`. The password is stored only as a scrypt hash.
struct AccountRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "account"
    var name: String
    var role: AccountRole
    var passwordHash: String
    var createdAt: String
    /// Raised when the password changes or the account is removed: sessions of an older epoch end.
    var sessionEpoch: Int
}
