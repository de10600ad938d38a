import Foundation
import GRDB

/// Looks at a database file before SQLite touches it, so that nothing is ever written into a file that is not a
/// SignatureKit database, and turns SQLite's failures into the cause a person can act on.
enum DatabaseFile {
    enum State {
        case missing, empty, sqlite, notSQLite
    }

    /// What `path` holds; a folder or an unreadable file is an error naming the cause.
    static func inspect(_ path: String) throws -> State {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        if isDirectory.boolValue { throw SignatureKitError.ioFailure(path: path, reason: "ist ein Ordner, keine Datenbankdatei.") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SignatureKitError.noPermission(path: path) }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if head.isEmpty { return .empty }
        return head == Data("SQLite format 3\u{0}".utf8) ? .sqlite : .notSQLite
    }

    /// Whether an SQLite file is a SignatureKit database, read through a read-only connection (nothing written).
    static func isSignatureKit(_ path: String) throws -> Bool {
        var config = Configuration()
        config.readonly = true
        // Another connection closing (its checkpoint takes a moment) is waited for, as the real connection would.
        config.busyMode = .timeout(SignatureDatabase.busySeconds)
        let check = { (db: Database) -> Bool in
            guard try db.tableExists("meta"), try db.tableExists("grdb_migrations") else { return false }
            return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'election'") != nil
        }
        do {
            return try DatabaseQueue(path: path, configuration: config).read(check)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            return false
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY {
            // A WAL database in a folder we cannot write: no -shm can be made, so read it as immutable.
            do {
                return try DatabaseQueue(path: immutableURI(path), configuration: config).read(check)
            } catch let error as DatabaseError {
                throw openError(error, path: path)
            }
        } catch let error as DatabaseError {
            throw openError(error, path: path)
        }
    }

    /// Whether the file and its folder (for the -wal and -shm files) can be written.
    static func isWritable(_ path: String) -> Bool {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let sidecarsWritable = ["-wal", "-shm"].allSatisfy { suffix in
            !FileManager.default.fileExists(atPath: path + suffix) || access(path + suffix, W_OK) == 0
        }
        return access(path, W_OK) == 0 && (access(folder.isEmpty ? "." : folder, W_OK) == 0 || sidecarsWritable)
            && !isReadOnlyMount(path)
    }

    /// True on a read-only mount (root passes every access check there).
    private static func isReadOnlyMount(_ path: String) -> Bool {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return false }
        return info.f_flag & UInt(ST_RDONLY) != 0
    }

    /// `file:` URI that opens the database without locking or a -shm file.
    static func immutableURI(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// The cause of an SQLite failure, in German terms.
    static func openError(_ error: DatabaseError, path: String) -> SignatureKitError {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: .databaseBusy(path: path)
        case .SQLITE_READONLY: .databaseReadOnly(path: path)
        case .SQLITE_PERM, .SQLITE_AUTH: .noPermission(path: path)
        case .SQLITE_FULL: .diskFull(path: path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: .foreignFile(path: path)
        case .SQLITE_CANTOPEN: access(path, R_OK) == 0 ? .databaseReadOnly(path: path) : .noPermission(path: path)
        case .SQLITE_IOERR: .ioError(path: path)
        default: .databaseFailure(path: path, code: error.resultCode.rawValue)
        }
    }
}
