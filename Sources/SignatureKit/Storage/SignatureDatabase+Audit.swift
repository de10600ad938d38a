import GRDB

/// One entry of the audit record as `audit list` shows it.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var id: Int64
    public var at: String
    public var user: String
    public var action: String
    public var sheets: [String]
}

/// The result of checking the hash chain.
public enum AuditVerdict: Sendable, Equatable {
    /// Every entry is whole and in order.
    case whole(entries: Int)
    /// The first entry whose hash or link does not fit: changed, deleted before it, or moved.
    case broken(atEntry: Int64)
}

extension SignatureDatabase {
    /// The entries of the audit record (optionally from a day on), oldest first.
    public func auditEntries(since: CalendarDay? = nil) throws -> [AuditEntry] {
        try read { db in
            var request = AuditRecord.order(Column("id"))
            if let since { request = request.filter(Column("at") >= since.iso) }
            return try request.fetchAll(db).map {
                AuditEntry(id: $0.id ?? 0, at: $0.at, user: $0.user, action: $0.action, sheets: $0.sheets.split(separator: " ").map(String.init))
            }
        }
    }

    /// Recomputes the hash chain.
    public func verifyAudit() throws -> AuditVerdict {
        try read { db in
            var previous = ""
            var count = 0
            let cursor = try AuditRecord.order(Column("id")).fetchCursor(db)
            while let e = try cursor.next() {
                let expected = AuditRecord.hash(previous: previous, at: e.at, user: e.user, action: e.action, sheets: e.sheets)
                guard e.previousHash == previous, e.hash == expected else { return .broken(atEntry: e.id ?? 0) }
                previous = e.hash
                count += 1
            }
            return .whole(entries: count)
        }
    }

    /// Appends an entry on its own (a read of personal data, a change made outside a recording write).
    func audit(_ user: String, _ action: String, sheets: [String] = []) throws {
        guard !isReadOnly else { return }
        try write { try AuditRecord.append($0, user: user, action: action, sheets: sheets) }
    }
}
