import GRDB
import GRDBSQLite

/// A prepared statement driven through SQLite's C API, for the two statements of the import's hot path
/// (GRDB's documented escape hatch "raw SQLite pointers"). Lives inside one `write` transaction only.
final class RawStatement {
    private var handle: OpaquePointer?
    private let db: Database

    init(_ db: Database, sql: String) throws {
        self.db = db
        guard let connection = db.sqliteConnection,
            sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil) == SQLITE_OK
        else {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "prepare failed", sql: sql)
        }
    }

    deinit { sqlite3_finalize(handle) }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: String?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_text(handle, index, value, -1, Self.transient)
    }

    func bind(_ index: Int32, _ value: Int?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    /// Runs a statement that returns no rows. Returns the SQLite result code (extended).
    func run() -> Int32 {
        let code = sqlite3_step(handle)
        let extended = code == SQLITE_DONE ? SQLITE_DONE : sqlite3_extended_errcode(sqlite3_db_handle(handle))
        sqlite3_reset(handle)
        return extended
    }

    /// Steps through the rows, calling `body` with a column reader for each.
    func forEachRow(_ body: (RawRow) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "step failed")
            }
            try body(RawRow(handle: handle))
        }
    }
}

/// Column access of the current row of a ``RawStatement``.
struct RawRow {
    let handle: OpaquePointer?

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: p)
    }
}
