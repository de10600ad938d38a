/// The election office's return file: which sheets were certified or rejected, and why.
public enum StatusFile {
    /// Reads status changes from a CSV: `sheet;status;reason` (German: Formblatt;Status;Grund).
    /// Any bad row stops the whole file with line and field.
    public static func changes(fromFile path: String) throws -> [StatusChange] {
        let csv = try CSVInput(path: path)
        let map = try ColumnMap(
            header: csv.header, path: path,
            fields: [("sheet", ["Formblatt"]), ("status", ["Status", "Ergebnis"]), ("reason", ["Grund", "Ablehnungsgrund"])],
            required: ["sheet", "status"])
        var out: [StatusChange] = []
        while let (line, fields) = try csv.nextFields() {
            let fail = { (field: String, reason: String) in
                SignatureKitError.malformedRow(path: path, problem: .init(line: line, field: field, reason: reason))
            }
            let sheet = map.value("sheet", in: fields)
            if sheet.isEmpty { throw fail("Formblatt", "darf nicht leer sein") }
            let statusText = map.value("status", in: fields)
            guard let status = SheetStatus(parsing: statusText) else {
                throw fail("Status", "\(quote(statusText)) unbekannt (bescheinigt, abgelehnt, versandt, eingereicht, verloren)")
            }
            let reasonText = map.value("reason", in: fields)
            var reason: RejectReason?
            if !reasonText.isEmpty {
                guard let r = RejectReason(parsing: reasonText) else {
                    throw fail(
                        "Grund",
                        "\(quote(reasonText)) unbekannt (\(RejectReason.allCases.map(\.germanName).joined(separator: ", ")); auch die Codes \(RejectReason.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
                reason = r
            }
            out.append(StatusChange(sheet: sheet, status: status, reason: reason, origin: "\(path), Zeile \(line)"))
        }
        return out
    }
}
