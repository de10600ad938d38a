import GRDB

/// One status change requested for a sheet.
public struct StatusChange: Sendable, Equatable {
    public var sheet: String
    public var status: SheetStatus
    public var reason: RejectReason?
    /// Where the change came from (file and line), for messages.
    public var origin: String?

    public init(sheet: String, status: SheetStatus, reason: RejectReason? = nil, origin: String? = nil) {
        self.sheet = sheet
        self.status = status
        self.reason = reason
        self.origin = origin
    }
}

extension SignatureDatabase {
    /// Moves sheets through the lifecycle, all or none; each move is recorded with who and when.
    ///
    /// - Throws: ``SignatureKitError/sheetNotFound(_:)`` or ``SignatureKitError/impossibleTransition(sheet:from:to:)``;
    ///   then no sheet is changed.
    public func setStatus(_ changes: [StatusChange], by user: String) throws {
        let now = Self.timestamp()
        try writer.write { db in
            for change in changes {
                let number = change.sheet.uppercased()
                guard let row = try Row.fetchOne(db, sql: "SELECT id, status FROM sheet WHERE sheetNumber = ?",
                    arguments: [number])
                else {
                    if let origin = change.origin {
                        throw SignatureKitError.ioFailure(path: origin, reason: "Feld „Formblatt“: \(number) ist nicht erfasst; nichts geändert.")
                    }
                    throw SignatureKitError.sheetNotFound(number)
                }
                let from = SheetStatus(rawValue: row["status"]) ?? .entered
                if from == change.status { continue }
                guard from.allowedNext.contains(change.status) else {
                    if let origin = change.origin {
                        throw SignatureKitError.ioFailure(path: origin,
                            reason: "Feld „Status“: \(number) kann nicht von „\(from.germanName)“ nach „\(change.status.germanName)“ wechseln; nichts geändert.")
                    }
                    throw SignatureKitError.impossibleTransition(sheet: number, from: from, to: change.status)
                }
                let reason = change.status == .rejected ? (change.reason ?? .other).rawValue : nil
                try db.execute(
                    sql: "UPDATE sheet SET status = ?, rejectReason = ?, statusChangedAt = ? WHERE id = ?",
                    arguments: [change.status.rawValue, reason, now, row["id"] as Int64])
                try db.execute(
                    sql: "INSERT INTO statusEvent(sheetId, fromStatus, toStatus, reason, at, by) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [row["id"] as Int64, from.rawValue, change.status.rawValue, reason, now, user])
                if SheetStatus.closed.contains(change.status) {
                    try Self.promoteDuplicate(of: row["id"], in: db)
                }
            }
        }
    }

    /// When a sheet can no longer count, its earliest duplicate counts instead (the person's signature is still
    /// on paper there); later duplicates now point to that one.
    static func promoteDuplicate(of id: Int64, in db: Database) throws {
        guard let first = try Int64.fetchOne(db, sql: "SELECT id FROM sheet WHERE duplicateOf = ? ORDER BY id LIMIT 1", arguments: [id])
        else { return }
        try db.execute(sql: "UPDATE sheet SET duplicateOf = NULL WHERE id = ?", arguments: [first])
        try db.execute(sql: "UPDATE sheet SET duplicateOf = ? WHERE duplicateOf = ?", arguments: [first, id])
    }

    /// Reads status changes from a CSV the election office returns: `sheet;status;reason`
    /// (German: Formblatt;Status;Grund). Any bad row stops the whole file with line and field.
    public static func statusChanges(fromFile path: String) throws -> [StatusChange] {
        let csv = try CSVInput(path: path)
        let map = try ColumnMap(header: csv.header, path: path,
            fields: [("sheet", ["Formblatt"]), ("status", ["Status", "Ergebnis"]), ("reason", ["Grund", "Ablehnungsgrund"])],
            required: ["sheet", "status"])
        var out: [StatusChange] = []
        while let (line, fields) = try csv.next() {
            let sheet = map.value("sheet", in: fields)
            if sheet.isEmpty {
                throw SignatureKitError.malformedRow(path: path, problem: .init(line: line, field: "Formblatt", reason: "darf nicht leer sein"))
            }
            let statusText = map.value("status", in: fields)
            guard let status = SheetStatus(parsing: statusText) else {
                throw SignatureKitError.malformedRow(path: path, problem: .init(line: line, field: "Status",
                    reason: "„\(statusText)“ unbekannt (bescheinigt, abgelehnt, versandt, eingereicht, verloren)"))
            }
            let reasonText = map.value("reason", in: fields)
            var reason: RejectReason?
            if !reasonText.isEmpty {
                guard let r = RejectReason(parsing: reasonText) else {
                    throw SignatureKitError.malformedRow(path: path, problem: .init(line: line, field: "Grund",
                        reason: "„\(reasonText)“ unbekannt (\(RejectReason.allCases.map(\.rawValue).joined(separator: ", ")))"))
                }
                reason = r
            }
            out.append(StatusChange(sheet: sheet, status: status, reason: reason, origin: "\(path), Zeile \(line)"))
        }
        return out
    }
}
