import Foundation
import GRDB

extension SignatureDatabase {
    /// Encrypts a plain database, or gives an encrypted one a new passphrase, in place and crash-safe.
    ///
    /// A complete new copy is written beside the file (SQLite's online backup), its signer fields sealed with the new
    /// key and its blocking keys re-hashed, then rewritten (VACUUM) so no old page lingers; only then is it renamed over
    /// the old file in one step. Interrupted at any point before that, the old database is still whole; another program
    /// reading the database makes it refuse before anything is written.
    ///
    /// - Returns: The number of sheets re-sealed.
    @discardableResult
    public static func changeEncryption(
        at path: String, passphrase old: String?, newPassphrase new: String, by user: String = loginName
    ) throws -> Int {
        let temporary = URL(fileURLWithPath: path).deletingLastPathComponent()
            .appendingPathComponent(".\(URL(fileURLWithPath: path).lastPathComponent).\(UUID().uuidString).neu").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
        }
        do {
            // The old database: nobody else may have it open (the file is replaced).
            let source = try open(at: path, passphrase: old)
            guard try source.truncateWAL() else { throw SignatureKitError.purgeBlocked(path: path) }
            guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw SignatureKitError.ioFailure(path: temporary, reason: "Zwischendatei kann nicht angelegt werden.")
            }
            let copy = try DatabaseQueue(path: temporary)
            try mapErrors(path) { try source.writer.backup(to: copy) }
            let (parameters, cipher) = try FieldCipher.create(passphrase: new)
            let count = try mapErrors(path) {
                try copy.write { db -> Int in
                    var count = 0
                    let ids = try Int64.fetchAll(db, sql: "SELECT id FROM sheet ORDER BY id")
                    for id in ids {
                        // Sealing recomputes the keys from the opened fields and hashes them with the new key.
                        guard let record = try SheetRecord.fetchOne(db, key: id)?.opened(source.cipher) else { continue }
                        try record.sealed(cipher).update(db)
                        count += 1
                    }
                    try MetaRecord.set(.encryption, String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self), in: db)
                    try AuditRecord.append(db, user: user, action: source.isEncrypted ? "rekey" : "encrypt", sheets: [])
                    return count
                }
            }
            try mapErrors(path) {
                try copy.writeWithoutTransaction { db in
                    try db.execute(sql: "VACUUM")
                    _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                }
            }
            try copy.close()
            try source.close()
            guard rename(temporary, path) == 0 else {
                throw SignatureKitError.ioFailure(
                    path: path, reason: "Die neue Datei konnte nicht an ihre Stelle gesetzt werden; die alte ist unverändert.")
            }
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            return count
        }
    }

    /// Closes the connections (before the file is replaced; before a command ends, so SQLite checkpoints the WAL into
    /// the file); any later use throws.
    public func close() throws {
        if let pool = writer as? DatabasePool { try pool.close() }
        if let queue = writer as? DatabaseQueue { try queue.close() }
    }
}
