import GRDB
import GRDBSQLite

/// A rule finding of one sheet: the table `finding`.
struct FindingRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "finding"
    var sheetId: Int64
    var code: String
    var severity: Severity
    var message: String
    var basis: String

    var finding: Finding { Finding(code: code, severity: severity, message: message, basis: basis) }

    static let insertSQL = "INSERT INTO finding(sheetId, code, severity, message, basis) VALUES (?, ?, ?, ?, ?)"

    /// Writes a sheet's findings through the transaction's prepared statement (the import's hot path).
    static func insert(using statement: RawStatement, sheetID: Int64, _ findings: [Finding]) throws {
        for f in findings {
            statement.bind(1, Int(sheetID))
            statement.bind(2, f.code)
            statement.bind(3, f.severity.rawValue)
            statement.bind(4, f.message)
            statement.bind(5, f.basis)
            let code = statement.run()
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "Befund konnte nicht gespeichert werden")
            }
        }
    }
}
