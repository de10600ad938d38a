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

/// Sessions in memory (a restart logs everybody out), and the count of failed logins per account and address.
public actor SessionStore {
    private var sessions: [String: Session] = [:]
    private var failures: [String: [Date]] = [:]
    let lifetime: TimeInterval
    /// The time (tests move it forward).
    let now: @Sendable () -> Date

    public init(lifetime: TimeInterval = 12 * 3600, now: @escaping @Sendable () -> Date = { Date() }) {
        self.lifetime = lifetime
        self.now = now
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
        return (token, session)
    }

    func session(_ token: String) -> Session? {
        guard let s = sessions[token] else { return nil }
        if s.expires < now() {
            sessions[token] = nil
            return nil
        }
        return s
    }

    func close(_ token: String) { sessions[token] = nil }

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
