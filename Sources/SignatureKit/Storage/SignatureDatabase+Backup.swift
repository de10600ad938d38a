import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// An encrypted backup file: a magic line, the key-derivation parameters, and the database image sealed with AES-GCM.
enum BackupFile {
    static let magic = Data("SIGBAK1\n".utf8)

    struct Header: Codable {
        var n: Int
        var r: Int
        var p: Int
        var salt: String
        var election: String
        var createdAt: String
    }
}

extension SignatureDatabase {
    /// Writes a consistent copy while others keep working (SQLite's online backup into memory), sealed with a key from
    /// `passphrase` (scrypt + AES-GCM), to `path` (0600, written whole or not at all). Recorded for `purge` and audit.
    public func backup(to path: String, passphrase: String, by user: String = loginName) throws {
        guard passphrase.count >= 8 else {
            throw SignatureKitError.invalidField(field: "Passphrase der Sicherung", reason: "fehlt oder ist kürzer als 8 Zeichen")
        }
        try OutputFile.checkWritable(path)
        let memory = try DatabaseQueue()
        try Self.mapErrors(self.path) { try writer.backup(to: memory) }
        var image = try memory.writeWithoutTransaction { db -> Data in
            var size: sqlite3_int64 = 0
            guard let bytes = sqlite3_serialize(db.sqliteConnection, "main", &size, 0) else {
                throw SignatureKitError.ioFailure(path: path, reason: "Sicherung konnte nicht erstellt werden.")
            }
            defer { sqlite3_free(bytes) }
            return Data(bytes: bytes, count: Int(size))
        }
        // A plain image (no WAL flags), so it opens anywhere, also in memory.
        if image.count > 19 {
            image[18] = 1
            image[19] = 1
        }
        let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
        let header = BackupFile.Header(n: 1 << 15, r: 8, p: 1, salt: salt.base64EncodedString(), election: election.id, createdAt: Self.timestamp())
        let key = try FieldCipher.master(
            passphrase: passphrase, salt: salt, parameters: .init(n: header.n, r: header.r, p: header.p, salt: header.salt, check: ""))
        guard let sealed = try AES.GCM.seal(image, using: key).combined else {
            throw SignatureKitError.ioFailure(path: path, reason: "Sicherung konnte nicht verschlüsselt werden.")
        }
        let file = try OutputFile(path: path)
        try file.append(BackupFile.magic + (try JSONEncoder().encode(header)) + Data("\n".utf8) + sealed)
        try file.commit()
        try recordOutput(path, kind: .backup, by: user)
    }

    /// Restores a backup into a new file at `path`, after checking it: the passphrase opens it, the image is a whole
    /// SignatureKit database (integrity check) and its audit chain is unbroken. Nothing is written otherwise, and never
    /// over an existing file.
    ///
    /// - Returns: The restored database's sheet count.
    @discardableResult
    public static func restore(from backup: String, to path: String, passphrase: String) throws -> Int {
        if FileManager.default.fileExists(atPath: path) {
            throw SignatureKitError.ioFailure(path: path, reason: "existiert schon; eine Sicherung wird nur in eine neue Datei zurückgespielt.")
        }
        guard let data = FileManager.default.contents(atPath: backup) else { throw SignatureKitError.fileNotFound(backup) }
        let damaged = SignatureKitError.ioFailure(
            path: backup, reason: "ist keine lesbare Sicherung (beschädigt, abgeschnitten oder falsche Passphrase); nichts geschrieben.")
        guard data.starts(with: BackupFile.magic), let end = data[BackupFile.magic.count...].firstIndex(of: 0x0A),
            let header = try? JSONDecoder().decode(BackupFile.Header.self, from: data[BackupFile.magic.count..<end]),
            let salt = Data(base64Encoded: header.salt), (1...1 << 20).contains(header.n), (1...32).contains(header.r), (1...4).contains(header.p)
        else { throw damaged }
        let key = try FieldCipher.master(
            passphrase: passphrase, salt: salt, parameters: .init(n: header.n, r: header.r, p: header.p, salt: header.salt, check: ""))
        guard let box = try? AES.GCM.SealedBox(combined: data[(end + 1)...]), let image = try? AES.GCM.open(box, using: key) else {
            throw damaged
        }
        let memory = try DatabaseQueue()
        try memory.writeWithoutTransaction { db in
            guard let buffer = sqlite3_malloc64(sqlite3_uint64(image.count)) else { throw damaged }
            image.withUnsafeBytes { raw in if let base = raw.baseAddress { _ = memcpy(buffer, base, image.count) } }
            let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
            guard
                sqlite3_deserialize(
                    db.sqliteConnection, "main", buffer.assumingMemoryBound(to: UInt8.self), sqlite3_int64(image.count), sqlite3_int64(image.count),
                    flags) == SQLITE_OK
            else { throw damaged }
        }
        let ok = try? memory.read { db -> Bool in
            try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok" && (try MetaRecord.value(.election, in: db)) != nil
        }
        guard ok == true else { throw damaged }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw SignatureKitError.ioFailure(path: path, reason: "kann nicht angelegt werden.")
        }
        do {
            let target = try DatabaseQueue(path: path)
            try memory.backup(to: target)
            try target.writeWithoutTransaction { _ = try Row.fetchOne($0, sql: "PRAGMA journal_mode = WAL") }
            try target.close()
            // Open it as the tool does and check the chain of the audit record.
            let restored = try open(at: path, passphrase: needsPassphrase(path) ? passphrase : nil)
            guard case .whole = try restored.verifyAudit() else {
                throw SignatureKitError.ioFailure(path: backup, reason: "Das Protokoll in der Sicherung ist verändert; nichts zurückgespielt.")
            }
            return try restored.sheetCount()
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }
}
