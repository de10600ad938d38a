import Foundation

/// A file the tool writes (rejects file, report, list): created owner-only (0600) as a temporary file beside the
/// target and renamed over it only when complete, so a failure half-way leaves the old file whole and no torn one.
package final class OutputFile {
    package let path: String
    private let temporary: String
    private let handle: FileHandle
    private var committed = false

    /// Creates the temporary file; fails (German message) when the folder cannot be written.
    package init(path: String) throws {
        try Self.checkWritable(path)
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw SignatureKitError.ioFailure(path: path, reason: "Datei kann nicht geschrieben werden (Ordner schreibgeschützt?).") }
        self.handle = handle
    }

    deinit {
        try? handle.close()
        if !committed { try? FileManager.default.removeItem(atPath: temporary) }
    }

    /// Checks, before any work, that `path` can be written: not a folder, and its folder writable.
    package static func checkWritable(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw SignatureKitError.ioFailure(path: path, reason: "ist ein Ordner; bitte einen Dateinamen angeben. Nichts geändert.")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var folderIsDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &folderIsDirectory),
            folderIsDirectory.boolValue, FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder)
        else {
            throw SignatureKitError.ioFailure(path: path, reason: "der Ordner ist nicht beschreibbar; nichts geändert.")
        }
    }

    package func append(_ text: String) throws { try append(Data(text.utf8)) }

    package func append(_ data: Data) throws {
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw SignatureKitError.ioFailure(path: path, reason: "Schreiben fehlgeschlagen (Datenträger voll?); die alte Datei bleibt unverändert.")
        }
    }

    /// Flushes the file to disk and renames it over the target.
    package func commit() throws {
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw SignatureKitError.ioFailure(path: path, reason: "Schreiben fehlgeschlagen (Datenträger voll?); die alte Datei bleibt unverändert.")
        }
        guard rename(temporary, path) == 0 else {
            throw SignatureKitError.ioFailure(path: path, reason: "Datei konnte nicht ersetzt werden; die alte Datei bleibt unverändert.")
        }
        committed = true
    }

    /// Writes a whole text at once.
    package static func write(_ text: String, to path: String) throws {
        let file = try OutputFile(path: path)
        try file.append(text)
        try file.commit()
    }
}
