import Foundation
import GRDB

/// What an account may do in the team's web server (enforced there on every route).
public enum AccountRole: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    /// Enters sheets; sees and corrects their own entries, never another person's names.
    case volunteer
    /// Everything a volunteer can, plus progress, findings, review (with names, each read recorded), status changes.
    case organizer
    /// An organizer's views plus submission and certification lists with names.
    case board
    /// Accounts.
    case admin

    public var germanName: String {
        switch self {
        case .volunteer: "Sammler/in"
        case .organizer: "Organisation"
        case .board: "Vorstand"
        case .admin: "Verwaltung"
        }
    }
}

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
