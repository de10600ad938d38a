import Crypto
import Foundation
import SignatureKit
import SignatureKitDomain

extension PostgresCampaign: AccountStore {
    static func accountRow(_ tx: PGTransaction, named name: String) async throws -> (account: Account, hash: String)? {
        let key = AccountPolicy.key(name)
        // The stored name itself, or the one whose folded key is the same.
        for row in try await tx.rows(
            "SELECT name, role, passwordhash, createdat, sessionepoch FROM sig.account WHERE name = $1 OR name = $2 ORDER BY name = $1 DESC",
            [.text(name), .text(key)])
        {
            return (try account(row), try row.text(2))
        }
        for row in try await tx.rows("SELECT name, role, passwordhash, createdat, sessionepoch FROM sig.account") {
            if AccountPolicy.key(try row.text(0)) == key { return (try account(row), try row.text(2)) }
        }
        return nil
    }

    static func account(_ row: PGRow) throws -> Account {
        guard let role = AccountRole(rawValue: try row.text(1)) else { throw SignatureKitError.unknownStoredValue(path: "account", column: "role") }
        return Account(name: try row.text(0), role: role, createdAt: try row.text(3), sessionEpoch: try row.int(4))
    }

    public func addAccount(_ raw: String, role: AccountRole, password: String, by actor: Actor) async throws {
        let name = try AccountPolicy.checkedName(raw)
        try AccountPolicy.checkPassword(password)
        let hash = try await Self.hashed(password)
        try await write { tx in
            if let existing = try await Self.accountRow(tx, named: name) {
                throw SignatureKitError.invalidField(field: "Konto", reason: "\(quote(existing.account.name)) gibt es schon")
            }
            try await tx.run(
                "INSERT INTO sig.account (name, role, passwordhash, createdat, sessionepoch) VALUES ($1, $2, $3, $4, 1)",
                [.text(name), .text(role.rawValue), .text(hash), .text(Self.timestamp())])
            try await Self.audit(tx, user: actor.account, action: "account:add:\(name):\(role.rawValue)", sheets: [])
        }
    }

    public func accountList() async throws -> [Account] {
        try await read { tx in
            try await tx.rows("SELECT name, role, passwordhash, createdat, sessionepoch FROM sig.account ORDER BY name").map(Self.account)
        }
    }

    public func findAccount(_ name: String) async throws -> Account? {
        try await read { tx in try await Self.accountRow(tx, named: name)?.account }
    }

    public func setPassword(_ name: String, password: String, by actor: Actor) async throws {
        try AccountPolicy.checkPassword(password)
        let hash = try await Self.hashed(password)
        try await write { tx in
            guard let found = try await Self.accountRow(tx, named: name) else { throw SignatureKitError.accountNotFound(name) }
            try await tx.run(
                "UPDATE sig.account SET passwordhash = $1, sessionepoch = sessionepoch + 1 WHERE name = $2", [.text(hash), .text(found.account.name)])
            try await Self.audit(tx, user: actor.account, action: "account:password:\(name)", sheets: [])
        }
    }

    public func removeAccount(_ name: String, by actor: Actor) async throws {
        try await write { tx in
            guard let found = try await Self.accountRow(tx, named: name) else { throw SignatureKitError.accountNotFound(name) }
            try await tx.run("DELETE FROM sig.account WHERE name = $1", [.text(found.account.name)])
            try await tx.run("DELETE FROM sig.web_session WHERE account = $1", [.text(found.account.name)])
            try await Self.audit(tx, user: actor.account, action: "account:remove:\(name)", sheets: [])
        }
    }

    public func login(_ name: String, password: String) async throws -> Account? {
        let found = try await read { tx in try await Self.accountRow(tx, named: name) }
        // Hash even for an unknown name, so the time taken does not tell which names exist.
        let stored = found?.hash ?? PasswordHash.unknownAccount
        let matches = await Self.offloaded { PasswordHash.verify(password, against: stored) }
        return matches ? found?.account : nil
    }

    /// scrypt costs tens of milliseconds of CPU: on a thread of its own, never a cooperative one.
    static func hashed(_ password: String) async throws -> String {
        try await offloadedThrowing { try PasswordHash.make(password) }
    }

    static func offloaded<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { c in DispatchQueue(label: "signaturekit.pg.hash").async { c.resume(returning: body()) } }
    }

    static func offloadedThrowing<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            DispatchQueue(label: "signaturekit.pg.hash").async { c.resume(with: Result { try body() }) }
        }
    }
}

extension PostgresCampaign: CampaignSettings {
    public func campaignProfile() async throws -> CampaignProfile {
        guard let text = try await read({ tx in try await Self.meta(tx, "profile") }) else { return CampaignProfile() }
        guard let profile = try? JSONDecoder().decode(CampaignProfile.self, from: Data(text.utf8)) else {
            throw SignatureKitError.unknownStoredValue(path: location, column: "profile")
        }
        return profile
    }

    public func campaignToday() async throws -> CalendarDay {
        try await read { tx in try await Self.meta(tx, "demoDay").flatMap(CalendarDay.init(parsing:)) } ?? .today()
    }

    public func setProfile(_ profile: CampaignProfile, by actor: Actor) async throws {
        try profile.check(for: election)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(profile), as: UTF8.self)
        try await write { tx in
            try await Self.setMeta(tx, "profile", text)
            try await Self.audit(tx, user: actor.account, action: "profile", sheets: [])
        }
    }

    public func setDoubleEntry(_ on: Bool, by actor: Actor) async throws {
        try await write { tx in
            try await Self.setMeta(tx, "doubleEntry", on ? "1" : "0")
            try await Self.audit(tx, user: actor.account, action: "setting:double-entry:\(on ? "on" : "off")", sheets: [])
        }
    }

    public func chooseNominations(_ nominations: [NominationID]?, by actor: Actor) async throws -> Election {
        for n in nominations ?? [] where !election.contains(n) { throw SignatureKitError.nominationUnknown(n.description) }
        let codes = nominations?.map { canonical($0).description }.joined(separator: ",")
        try await write { tx in
            try await Self.audit(tx, user: actor.account, action: "nominations:\(codes ?? "alle")", sheets: [])
            try await Self.setMeta(tx, "nominations", codes)
        }
        var changed = election
        changed.campaign = nominations
        return changed
    }

    public func nominationMeetings() async throws -> [NominationID: CalendarDay] {
        try await read { tx in try await Self.meetingDates(tx) }
    }

    public func setMeetingDate(_ date: CalendarDay?, for nominations: [NominationID], by actor: Actor) async throws {
        for n in nominations where !election.contains(n) { throw SignatureKitError.nominationUnknown(n.description) }
        try await write { tx in
            try await Self.audit(
                tx, user: actor.account, action: "meeting:\(date?.iso ?? "-"):" + nominations.map(\.description).joined(separator: ","), sheets: [])
            try await tx.run(
                "UPDATE sig.nomination SET meetingdate = $1 WHERE id = ANY($2)",
                [.text(date?.iso), .texts(nominations.map { canonical($0).description })])
            try await recheck(tx, today: .today())
        }
    }
}

extension PostgresCampaign: StreetDirectoryStore {
    /// A missing house number bound in an array (arrays of optionals are not bound): NULL again in the statement.
    static let noNumber = Int(Int32.min)

    public func replaceStreets(_ entries: [StreetEntry], by actor: Actor) async throws {
        try await write { tx in
            try await Self.audit(tx, user: actor.account, action: "streets:\(entries.count)", sheets: [])
            try await tx.run("DELETE FROM sig.street")
            try await insertStreets(tx, entries)
            try await recheck(tx, today: .today())
        }
    }

    public func lookUp(street: String, houseNumber: String) async throws -> AddressLookup {
        try await read { tx in
            try await Self.lookupAddress(tx, hasDirectory: try await Self.hasStreetDirectory(tx), street: street, houseNumber: houseNumber)
        }
    }

    public func streetList() async throws -> [StreetEntry] {
        try await read { tx in
            try await tx.rows("SELECT street, fromnumber, tonumber, parity, ward, district FROM sig.street ORDER BY id").map { r in
                StreetEntry(
                    street: try r.text(0), from: try r.optionalInt(1), to: try r.optionalInt(2),
                    parity: StreetParity(rawValue: try r.text(3)) ?? .all, ward: try r.int(4), district: try r.optionalText(5))
            }
        }
    }
}

extension PostgresCampaign: WebSessionStore {
    public func keepSession(token: String, _ s: StoredSession) async throws {
        try await write { tx in
            try await tx.run(
                """
                INSERT INTO sig.web_session (tokenhash, account, role, epoch, csrf, expires) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (campaign_id, tokenhash) DO UPDATE SET account = EXCLUDED.account, role = EXCLUDED.role, epoch = EXCLUDED.epoch,
                  csrf = EXCLUDED.csrf, expires = EXCLUDED.expires
                """,
                [
                    .text(SignatureDatabase.tokenHash(token)), .text(s.account), .text(s.role.rawValue), .int(s.epoch), .text(s.csrf),
                    .double(s.expires.timeIntervalSince1970),
                ])
            try await tx.run("DELETE FROM sig.web_session WHERE expires < $1", [.double(Date().timeIntervalSince1970 - 86_400)])
        }
    }

    public func findSession(token: String, now: Date) async throws -> StoredSession? {
        try await read { tx in
            guard
                let r = try await tx.row(
                    "SELECT account, role, epoch, csrf, expires FROM sig.web_session WHERE tokenhash = $1",
                    [.text(SignatureDatabase.tokenHash(token))]),
                let role = AccountRole(rawValue: try r.text(1))
            else { return nil }
            let expires = Date(timeIntervalSince1970: try r.double(4))
            guard expires >= now else { return nil }
            return StoredSession(account: try r.text(0), role: role, epoch: try r.int(2), csrf: try r.text(3), expires: expires)
        }
    }

    enum LiveSession: PGStatementText {
        static let sql = "SELECT * FROM sig.live_session($1, $2, $3)"
    }

    /// The session with its account's epoch and role checked in the same query (one round trip per request).
    public func findLiveSession(token: String, now: Date) async throws -> StoredSession? {
        guard
            let r = try await server.single(
                LiveSession.self,
                [.int32(key), .text(SignatureDatabase.tokenHash(token)), .double(now.timeIntervalSince1970)]
            ).first,
            let role = AccountRole(rawValue: try r.text(1))
        else { return nil }
        return StoredSession(
            account: try r.text(0), role: role, epoch: try r.int(2), csrf: try r.text(3), expires: Date(timeIntervalSince1970: try r.double(4)))
    }

    public func endSession(token: String) async throws {
        try await write { tx in try await tx.run("DELETE FROM sig.web_session WHERE tokenhash = $1", [.text(SignatureDatabase.tokenHash(token))]) }
    }
}

extension PostgresCampaign: LoginFailureStore {
    public func beginLogin(keys: [(key: String, limit: Int)], window: TimeInterval, now: Date) async throws -> Bool {
        let since = now.timeIntervalSince1970 - window
        let hashed = keys.map { (SignatureDatabase.tokenHash($0.key), $0.limit) }
        return try await write { tx in
            try await tx.run("DELETE FROM sig.web_login_failure WHERE at < $1", [.double(since)])
            for (key, limit) in hashed {
                let count =
                    try await tx.row("SELECT count(*) FROM sig.web_login_failure WHERE key = $1 AND at >= $2", [.text(key), .double(since)])?.int(0)
                    ?? 0
                if count >= limit { return false }
            }
            for (key, _) in hashed {
                try await tx.run("INSERT INTO sig.web_login_failure (key, at) VALUES ($1, $2)", [.text(key), .double(now.timeIntervalSince1970)])
            }
            return true
        }
    }

    public func loginSucceeded(keys: [String]) async throws {
        try await write { tx in
            for key in keys.map(SignatureDatabase.tokenHash) {
                try await tx.run(
                    """
                    DELETE FROM sig.web_login_failure WHERE ctid = (SELECT ctid FROM sig.web_login_failure WHERE key = $1 ORDER BY at DESC LIMIT 1)
                    """, [.text(key)])
            }
        }
    }
}
