import Foundation
import SignatureKit

/// A logged-in account: its name, role and the epoch its login belongs to, with the CSRF token of the session.
public struct Session: Sendable {
    public let account: String
    public let role: AccountRole
    let epoch: Int
    public let csrf: String
    let expires: Date
}

/// Sessions, kept in the database (only a hash of the token) so that a restart logs nobody out, with the ones of this
/// process cached in memory; and the count of failed logins per account and address.
public actor SessionStore {
    private var sessions: [String: Session] = [:]
    private var failures: [String: [Date]] = [:]
    let lifetime: TimeInterval
    /// The time (tests move it forward).
    let now: @Sendable () -> Date
    /// Where sessions are kept across restarts; `nil` keeps them in memory only.
    let database: SignatureDatabase?

    public init(lifetime: TimeInterval = 12 * 3600, now: @escaping @Sendable () -> Date = { Date() }, database: SignatureDatabase? = nil) {
        self.lifetime = lifetime
        self.now = now
        self.database = database
    }

    static func token() -> String {
        Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    func open(for account: Account) -> (token: String, session: Session) {
        let session = Session(
            account: account.name, role: account.role, epoch: account.sessionEpoch, csrf: Self.token(), expires: now().addingTimeInterval(lifetime))
        let token = Self.token()
        sessions[token] = session
        // A read-only database cannot keep it: the session then lives in memory only, as before.
        try? database?.saveSession(
            token: token,
            StoredSession(account: session.account, role: session.role, epoch: session.epoch, csrf: session.csrf, expires: session.expires))
        return (token, session)
    }

    func session(_ token: String) -> Session? {
        if let s = sessions[token] {
            if s.expires >= now() { return s }
            close(token)
            return nil
        }
        // Opened before a restart (or by another process): from the database.
        guard let stored = try? database?.storedSession(token: token, now: now()) else { return nil }
        let s = Session(account: stored.account, role: stored.role, epoch: stored.epoch, csrf: stored.csrf, expires: stored.expires)
        sessions[token] = s
        return s
    }

    func close(_ token: String) {
        sessions[token] = nil
        try? database?.deleteSession(token: token)
    }

    /// More than 10 failures for one key (account or address) within 15 minutes.
    func isLocked(_ keys: [String]) -> Bool {
        let now = now()
        return keys.contains { key in (failures[key] ?? []).filter { now.timeIntervalSince($0) < 15 * 60 }.count >= 10 }
    }

    func recordFailure(_ keys: [String]) {
        let now = now()
        for key in keys { failures[key, default: []] = (failures[key] ?? []).filter { now.timeIntervalSince($0) < 15 * 60 } + [now] }
    }
}
