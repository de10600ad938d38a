import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

extension SigCLI {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an encrypted, consistent copy of the database while others keep working.")
        @OptionGroup var options: DatabaseOptions
        @Option(help: "The backup file (written owner-only, whole or not at all).") var to: String
        @Option(help: "A file with the backup's passphrase (default: the database's, SIG_PASSPHRASE or a prompt).")
        var backupPassphraseFile: String?

        func run() throws {
            try guarded {
                let db = try options.open()
                var passphrase: String?
                if let backupPassphraseFile {
                    guard let data = FileManager.default.contents(atPath: backupPassphraseFile) else {
                        throw SignatureKitError.fileNotFound(backupPassphraseFile)
                    }
                    passphrase = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
                } else {
                    passphrase = try options.passphrase(prompt: "Passphrase der Sicherung: ", confirm: !db.isEncrypted)
                }
                try db.backup(to: to, passphrase: passphrase ?? "")
                print(
                    "Sicherung \(to) geschrieben (verschlüsselt, nur für den Eigentümer lesbar). Sie enthält Personendaten: nach der Löschfrist mit löschen."
                )
            }
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a backup into a new database file, after checking passphrase, integrity and the audit chain.")
        @Option(help: "The backup file.") var from: String
        @Option(help: "The new database file (must not exist).") var db: String
        @Option(help: "A file with the backup's passphrase (else SIG_PASSPHRASE or a prompt).") var backupPassphraseFile: String?

        func run() throws {
            try guarded {
                var options = DatabaseOptions()
                options.db = db
                options.passphraseFile = backupPassphraseFile
                guard let passphrase = try options.passphrase(prompt: "Passphrase der Sicherung: ") else {
                    throw SignatureKitError.invalidField(
                        field: "Passphrase der Sicherung", reason: "fehlt (--backup-passphrase-file, SIG_PASSPHRASE)")
                }
                let n = try SignatureDatabase.restore(from: from, to: db, passphrase: passphrase)
                print("Sicherung \(from) nach \(db) zurückgespielt: \(n) Formblätter, Prüfsumme und Protokoll in Ordnung.")
            }
        }
    }
}
