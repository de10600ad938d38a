import Crypto
import Foundation
import GRDB

extension SignatureDatabase {
    /// The stored form of a session token: its SHA-256 hash in hex (a stolen database file logs nobody in).
    package static func tokenHash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// Keeps a web session so that it survives a restart of the server (and is seen by a second process).
    public func saveSession(token: String, _ s: StoredSession) throws {
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO webSession(tokenHash, account, role, epoch, csrf, expires) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [Self.tokenHash(token), s.account, s.role, s.epoch, s.csrf, s.expires.timeIntervalSince1970])
            // Ended sessions go as new ones come: the table holds only live logins.
            try db.execute(sql: "DELETE FROM webSession WHERE expires < ?", arguments: [Date().timeIntervalSince1970 - 86_400])
        }
    }

    /// The stored session of a token, or `nil` when there is none or it has ended by `now`.
    public func storedSession(token: String, now: Date) throws -> StoredSession? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT account, role, epoch, csrf, expires FROM webSession WHERE tokenHash = ?", arguments: [Self.tokenHash(token)])
            else { return nil }
            let expires = Date(timeIntervalSince1970: row["expires"])
            guard expires >= now else { return nil }
            return StoredSession(
                account: row["account"], role: try row.decode(forColumn: "role"), epoch: row["epoch"], csrf: row["csrf"], expires: expires)
        }
    }

    /// Ends a stored session (logout, or a session found stale).
    public func deleteSession(token: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM webSession WHERE tokenHash = ?", arguments: [Self.tokenHash(token)]) }
    }
}
