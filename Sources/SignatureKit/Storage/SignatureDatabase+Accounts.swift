import GRDB

/// A team member's account as lists show it (no password hash).
public struct Account: Sendable, Equatable, Codable {
    public var name: String
    public var role: AccountRole
    public var createdAt: String
    public var sessionEpoch: Int
}

extension SignatureDatabase {
    /// Creates an account; the password (at least 10 characters) is stored only as a scrypt hash.
    public func addAccount(_ name: String, role: AccountRole, password: String, by user: String = loginName) throws {
        let name = try Self.checkedAccountName(name)
        try Self.checkPassword(password)
        let hash = try PasswordHash.make(password)
        try write { db in
            if try AccountRecord.exists(db, key: name) {
                throw SignatureKitError.invalidField(field: "Konto", reason: "\(quote(name)) gibt es schon")
            }
            try AccountRecord(name: name, role: role, passwordHash: hash, createdAt: Self.timestamp(), sessionEpoch: 1).insert(db)
            try AuditRecord.append(db, user: user, action: "account:add:\(name):\(role.rawValue)", sheets: [])
        }
    }

    /// The accounts, by name.
    public func accounts() throws -> [Account] {
        try read { db in
            try AccountRecord.order(Column("name")).fetchAll(db).map {
                Account(name: $0.name, role: $0.role, createdAt: $0.createdAt, sessionEpoch: $0.sessionEpoch)
            }
        }
    }

    /// One account, or `nil` (a web session checks that its account still exists with the same epoch).
    public func account(named name: String) throws -> Account? {
        try read { try AccountRecord.fetchOne($0, key: name) }.map {
            Account(name: $0.name, role: $0.role, createdAt: $0.createdAt, sessionEpoch: $0.sessionEpoch)
        }
    }

    /// Sets a new password; the account's sessions end (its epoch rises).
    public func setPassword(_ name: String, password: String, by user: String = loginName) throws {
        try Self.checkPassword(password)
        let hash = try PasswordHash.make(password)
        try write { db in
            guard var account = try AccountRecord.fetchOne(db, key: name) else { throw SignatureKitError.accountNotFound(name) }
            account.passwordHash = hash
            account.sessionEpoch += 1
            try account.update(db)
            try AuditRecord.append(db, user: user, action: "account:password:\(name)", sheets: [])
        }
    }

    /// Removes an account; its sessions end with it.
    public func removeAccount(_ name: String, by user: String = loginName) throws {
        try write { db in
            guard try AccountRecord.deleteOne(db, key: name) else { throw SignatureKitError.accountNotFound(name) }
            try AuditRecord.append(db, user: user, action: "account:remove:\(name)", sheets: [])
        }
    }

    /// The account when name and password match; `nil` otherwise (the same answer for an unknown name).
    public func verifyLogin(_ name: String, password: String) throws -> Account? {
        let record = try read { try AccountRecord.fetchOne($0, key: name) }
        // Hash even for an unknown name, so the time taken does not tell which names exist.
        let stored = record?.passwordHash ?? "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
        guard PasswordHash.verify(password, against: stored), let record else { return nil }
        return Account(name: record.name, role: record.role, createdAt: record.createdAt, sessionEpoch: record.sessionEpoch)
    }

    static func checkedAccountName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...40).contains(trimmed.count), trimmed.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw SignatureKitError.invalidField(field: "Konto", reason: "1 bis 40 Buchstaben, Ziffern, Punkt, Strich oder Unterstrich")
        }
        return trimmed
    }

    static func checkPassword(_ password: String) throws {
        guard password.count >= 10 else {
            throw SignatureKitError.invalidField(field: "Passwort", reason: "mindestens 10 Zeichen")
        }
    }
}
