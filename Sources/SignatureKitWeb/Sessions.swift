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
    private var checks = 0
    let lifetime: TimeInterval
    /// The time (tests move it forward).
    let now: @Sendable () -> Date
    /// Where sessions are kept across restarts; `nil` keeps them in memory only.
    let store: (any WebSessionStore)?
    /// Names the campaign in every token of a host's campaign (`ID.…`), so another campaign's paths can tell it.
    let tokenPrefix: String
    /// Whether sessions are served from this process's memory once known (one process per campaign). Without, each
    /// session is read with its account (``WebSessionStore/findLiveSession(token:now:)``): the account check is done.
    let caches: Bool

    public init(
        lifetime: TimeInterval = 12 * 3600, now: @escaping @Sendable () -> Date = { Date() }, store: (any WebSessionStore)? = nil,
        campaign: String? = nil
    ) {
        tokenPrefix = campaign.map { "\($0)." } ?? ""
        // A host's campaign may be served by several processes: a logout or a new password in one must end the
        // session in all of them, so each request reads the session from the database instead of a cache.
        caches = campaign == nil
        self.lifetime = lifetime
        self.now = now
        self.store = store
    }

    static func token() -> String {
        Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    func open(for account: Account) async -> (token: String, session: Session) {
        let session = Session(
            account: account.name, role: account.role, epoch: account.sessionEpoch, csrf: Self.token(), expires: now().addingTimeInterval(lifetime))
        let token = tokenPrefix + Self.token()
        if caches { sessions[token] = session }
        // A read-only database cannot keep it: the session then lives in memory only, as before.
        try? await store?.keepSession(
            token: token,
            StoredSession(account: session.account, role: session.role, epoch: session.epoch, csrf: session.csrf, expires: session.expires))
        return (token, session)
    }

    func session(_ token: String) async -> Session? {
        if caches, let s = sessions[token] {
            if s.expires >= now() { return s }
            await close(token)
            return nil
        }
        // Opened before a restart (or by another process): from the database. Without a cache (a host's campaign) the
        // account is checked in the same read.
        let found = caches ? try? await store?.findSession(token: token, now: now()) : try? await store?.findLiveSession(token: token, now: now())
        guard let stored = found ?? nil else { return nil }
        let s = Session(account: stored.account, role: stored.role, epoch: stored.epoch, csrf: stored.csrf, expires: stored.expires)
        if caches { sessions[token] = s }
        return s
    }

    func close(_ token: String) async {
        sessions[token] = nil
        try? await store?.endSession(token: token)
    }

    /// The login guard locks the guessing, not the users: 10 failures of one account from one address, or 100 from one
    /// address (a stand's hotspot is one address), within 15 minutes. Nobody can lock a named account from elsewhere.
    public struct LoginLimits: Sendable {
        public var perAccountAndAddress = 10
        public var perAddress = 100
        public var window: TimeInterval = 15 * 60
        /// Keys kept at most (old ones go first), so failures with ever new names cannot fill the memory.
        public var maxKeys = 10_000
        public init() {}
    }

    nonisolated static func keys(account: String, address: String) -> (pair: String, address: String) {
        ("pair:\(AccountPolicy.key(account))|\(address)", "address:\(address)")
    }

    /// Checks the limits and counts this attempt as a failure at once, in one step (parallel guesses cannot slip
    /// through while the password is hashed); ``loginSucceeded(account:address:)`` takes it back. `false`: locked.
    func beginLogin(account: String, address: String, limits: LoginLimits = LoginLimits()) async -> Bool {
        let now = now()
        let (pair, addressKey) = Self.keys(account: account, address: address)
        if !caches, let shared = store as? any LoginFailureStore {
            // Several processes: the failures are counted in the database, so the limits hold for all of them together.
            // A database that cannot be reached locks (a guess is never let through unchecked).
            return
                (try? await shared.beginLogin(
                    keys: [(pair, limits.perAccountAndAddress), (addressKey, limits.perAddress)], window: limits.window, now: now)) ?? false
        }
        let recentPair = recent(pair, now: now, window: limits.window)
        let recentAddress = recent(addressKey, now: now, window: limits.window)
        if recentPair.count >= limits.perAccountAndAddress || recentAddress.count >= limits.perAddress { return false }
        failures[pair] = recentPair + [now]
        failures[addressKey] = recentAddress + [now]
        prune(now: now, limits: limits)
        return true
    }

    /// The attempt begun by ``beginLogin(account:address:limits:)`` succeeded: it does not count as a failure.
    func loginSucceeded(account: String, address: String) async {
        let (pair, addressKey) = Self.keys(account: account, address: address)
        if !caches, let shared = store as? any LoginFailureStore {
            try? await shared.loginSucceeded(keys: [pair, addressKey])
            return
        }
        for key in [pair, addressKey] {
            guard var list = failures[key], !list.isEmpty else { continue }
            list.removeLast()
            failures[key] = list.isEmpty ? nil : list
        }
    }

    private func recent(_ key: String, now: Date, window: TimeInterval) -> [Date] {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
    }

    /// Drops keys whose failures are all older than the window, and the oldest keys beyond the cap.
    private func prune(now: Date, limits: LoginLimits) {
        checks += 1
        guard checks % 64 == 0 || failures.count > limits.maxKeys else { return }
        failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < limits.window } }
        if failures.count > limits.maxKeys {
            let keep = failures.sorted { ($0.value.last ?? .distantPast) > ($1.value.last ?? .distantPast) }.prefix(limits.maxKeys)
            failures = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
    }

    /// How many keys the failure bookkeeping holds (tests).
    var failureKeys: Int { failures.count }
}
