import GRDB

/// A sheet as volunteers see it in lists: no personal data.
public struct SheetSummary: Sendable, Codable, Equatable {
    public var sheet: String
    public var nomination: String
    public var status: String
    public var signedOn: String
    public var collector: String
    public var errors: Int
    public var warnings: Int
    public var duplicateOf: String?
}

/// One recorded status change of a sheet: who moved it when.
public struct StatusEvent: Sendable, Equatable {
    public var from: SheetStatus
    public var to: SheetStatus
    public var reason: RejectReason?
    /// ISO 8601 timestamp.
    public var at: String
    public var by: String
}

extension SignatureDatabase {
    /// All sheets (optionally of one nomination or status), sorted by sheet number.
    public func sheets(nomination: NominationID? = nil, status: SheetStatus? = nil) throws -> [SheetSummary] {
        try writer.read { db in
            var sql = """
                SELECT s.sheetNumber, s.nomination, s.status, s.signedOn, s.collector, d.sheetNumber AS dup,
                  (SELECT count(*) FROM finding f WHERE f.sheetId = s.id AND f.severity = 'error') AS errors,
                  (SELECT count(*) FROM finding f WHERE f.sheetId = s.id AND f.severity = 'warning') AS warnings
                FROM sheet s LEFT JOIN sheet d ON d.id = s.duplicateOf WHERE 1
                """
            var args: [any DatabaseValueConvertible] = []
            if let nomination {
                sql += " AND s.nomination = ?"
                args.append(canonical(nomination).description)
            }
            if let status {
                sql += " AND s.status = ?"
                args.append(status.rawValue)
            }
            sql += " ORDER BY s.sheetNumber"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                SheetSummary(sheet: row["sheetNumber"], nomination: row["nomination"], status: row["status"],
                    signedOn: row["signedOn"], collector: row["collector"], errors: row["errors"],
                    warnings: row["warnings"], duplicateOf: row["dup"])
            }
        }
    }

    /// One sheet with its findings and status history.
    public func sheet(_ number: String) throws -> (record: SheetRecord, findings: [Finding], history: [StatusEvent]) {
        try writer.read { db in
            guard let record = try SheetRecord.filter(Column("sheetNumber") == number.uppercased()).fetchOne(db),
                let id = record.id
            else { throw SignatureKitError.sheetNotFound(number.uppercased()) }
            let findings = try Row.fetchAll(db, sql: "SELECT * FROM finding WHERE sheetId = ?", arguments: [id]).map {
                Finding(code: $0["code"], severity: Severity(rawValue: $0["severity"]) ?? .warning,
                    message: $0["message"], basis: $0["basis"])
            }
            let history = try Row.fetchAll(db, sql: "SELECT * FROM statusEvent WHERE sheetId = ? ORDER BY id", arguments: [id]).map {
                StatusEvent(from: SheetStatus(rawValue: $0["fromStatus"]) ?? .entered, to: SheetStatus(rawValue: $0["toStatus"]) ?? .entered,
                    reason: ($0["reason"] as String?).flatMap(RejectReason.init(rawValue:)), at: $0["at"], by: $0["by"])
            }
            return (record, findings, history)
        }
    }

    /// Whether a sheet number is already stored (the prompt checks this as it is typed).
    public func sheetExists(_ number: String) throws -> Bool {
        try writer.read { try Bool.fetchOne($0, sql: "SELECT 1 FROM sheet WHERE sheetNumber = ?", arguments: [number.uppercased()]) ?? false }
    }

    /// Number of stored sheets.
    public func sheetCount() throws -> Int {
        try writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sheet") ?? 0 }
    }

    /// Runs a read-only closure on the database (reports).
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }
}
