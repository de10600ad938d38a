import GRDB

extension SignatureDatabase {
    /// The entries of the audit record (optionally from a day on), oldest first.
    public func auditEntries(since: CalendarDay? = nil) throws -> [AuditEntry] {
        try read { db in try Self.auditEntries(in: db, since: since) }
    }

    static func auditEntries(in db: Database, since: CalendarDay?) throws -> [AuditEntry] {
        var request = AuditRecord.order(Column("id"))
        if let since { request = request.filter(Column("at") >= since.iso) }
        return try request.fetchAll(db).map {
            AuditEntry(id: $0.id ?? 0, at: $0.at, user: $0.user, action: $0.action, sheets: $0.sheets.split(separator: " ").map(String.init))
        }
    }

    /// Recomputes the hash chain (``AuditChain/Verifier``), streaming the entries.
    public func verifyAudit() throws -> AuditVerdict {
        try read(Self.verifyAudit(in:))
    }

    static func verifyAudit(in db: Database) throws -> AuditVerdict {
        var verifier = AuditChain.Verifier()
        let cursor = try AuditRecord.order(Column("id")).fetchCursor(db)
        while let e = try cursor.next(), verifier.check(e.row) {}
        return verifier.verdict
    }

    /// Appends an entry on its own (a read of personal data, a change made outside a recording write).
    func audit(_ user: String, _ action: String, sheets: [String] = []) throws {
        guard !isReadOnly else { return }
        try write { try AuditRecord.append($0, user: user, action: action, sheets: sheets) }
    }
}
