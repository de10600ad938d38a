import ArgumentParser
import Foundation
import SigCommandSupport
import SignatureKit

extension SigCLI {
    /// Where a new passphrase comes from: --new-passphrase-file, SIG_NEW_PASSPHRASE, or typed twice at a terminal.
    struct NewPassphrase: ParsableArguments {
        @Option(help: "A file holding the new passphrase (else env SIG_NEW_PASSPHRASE, or a prompt).") var newPassphraseFile: String?

        func value() throws -> String {
            try checkedNewPassphrase(
                try readSecret(file: newPassphraseFile, environment: "SIG_NEW_PASSPHRASE", prompt: "Neue Passphrase: ", confirm: true),
                field: "neue Passphrase")
        }
    }

    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encrypt an existing database in place (crash-safe: the old file stays whole until the new one is complete).")
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var new: NewPassphrase

        func run() throws {
            try guarded {
                guard !SignatureDatabase.needsPassphrase(options.db) else {
                    throw SignatureKitError.invalidField(field: "--db", reason: "ist schon verschlüsselt; eine neue Passphrase setzt `sig-cli rekey`")
                }
                let n = try SignatureDatabase.changeEncryption(at: options.db, passphrase: nil, newPassphrase: try new.value())
                print("\(options.db): \(n) Formblätter verschlüsselt; die Datei wurde neu geschrieben.")
            }
        }
    }

    struct Rekey: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change the passphrase of an encrypted database (crash-safe).")
        @OptionGroup var options: DatabaseOptions
        @OptionGroup var new: NewPassphrase

        func run() throws {
            try guarded {
                let old = try options.passphrase(prompt: "Bisherige Passphrase: ")
                let n = try SignatureDatabase.changeEncryption(at: options.db, passphrase: old, newPassphrase: try new.value())
                print("\(options.db): neue Passphrase gesetzt, \(n) Formblätter neu verschlüsselt.")
            }
        }
    }
}
