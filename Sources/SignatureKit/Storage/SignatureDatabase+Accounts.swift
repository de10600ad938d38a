import GRDB

extension SignatureDatabase {
    /// Creates an account; the password (at least 10 characters) is stored only as a scrypt hash.
    public func addAccount(_ name: String, role: AccountRole, password: String, by user: String = loginName) throws {
        let name = try AccountPolicy.checkedName(name)
        try AccountPolicy.checkPassword(password)
        try insertAccount(name, role: role, passwordHash: PasswordHash.make(password), by: user)
    }

    /// Stores an account whose name is checked and whose password is hashed already (the tests' fixture accounts carry
    /// hashes of a low cost, made once per run).
    func insertAccount(_ name: String, role: AccountRole, passwordHash hash: String, by user: String = loginName) throws {
        try write { db in
            // One account per name as people read it: "Ünal" typed on two systems (NFC, NFD), "ORGA" and "orga" are one.
            if let existing = try Self.accountRecord(db, named: name) {
                throw SignatureKitError.invalidField(field: "Konto", reason: "\(quote(existing.name)) gibt es schon")
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
        try read { try Self.accountRecord($0, named: name) }.map {
            Account(name: $0.name, role: $0.role, createdAt: $0.createdAt, sessionEpoch: $0.sessionEpoch)
        }
    }

    /// Sets a new password; the account's sessions end (its epoch rises).
    public func setPassword(_ name: String, password: String, by user: String = loginName) throws {
        try AccountPolicy.checkPassword(password)
        let hash = try PasswordHash.make(password)
        try write { db in
            guard var account = try Self.accountRecord(db, named: name) else { throw SignatureKitError.accountNotFound(name) }
            account.passwordHash = hash
            account.sessionEpoch += 1
            try account.update(db)
            try AuditRecord.append(db, user: user, action: "account:password:\(name)", sheets: [])
        }
    }

    /// Removes an account; its sessions end with it.
    public func removeAccount(_ name: String, by user: String = loginName) throws {
        try write { db in
            guard let account = try Self.accountRecord(db, named: name), try AccountRecord.deleteOne(db, key: account.name) else {
                throw SignatureKitError.accountNotFound(name)
            }
            try AuditRecord.append(db, user: user, action: "account:remove:\(name)", sheets: [])
        }
    }

    /// The account when name and password match; `nil` otherwise (the same answer for an unknown name).
    public func verifyLogin(_ name: String, password: String) throws -> Account? {
        let record = try read { try Self.accountRecord($0, named: name) }
        // Hash even for an unknown name, so the time taken does not tell which names exist.
        let stored = record?.passwordHash ?? PasswordHash.unknownAccount
        guard PasswordHash.verify(password, against: stored), let record else { return nil }
        return Account(name: record.name, role: record.role, createdAt: record.createdAt, sessionEpoch: record.sessionEpoch)
    }

    /// The account a typed name means: the stored name itself, or the one whose key is the same (accounts made before
    /// names were folded keep their spelling).
    static func accountRecord(_ db: Database, named name: String) throws -> AccountRecord? {
        if let exact = try AccountRecord.fetchOne(db, key: name) { return exact }
        let key = AccountPolicy.key(name)
        if let folded = try AccountRecord.fetchOne(db, key: key) { return folded }
        return try AccountRecord.fetchAll(db).first { AccountPolicy.key($0.name) == key }
    }
}
