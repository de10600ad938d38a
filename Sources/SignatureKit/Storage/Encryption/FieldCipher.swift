import Crypto
import Foundation
import _CryptoExtras

/// Encrypts the signer fields of an encrypted database and turns its blocking keys into keyed hashes.
///
/// Keys come from the passphrase through scrypt (memory-hard; salt and parameters stored in the database, the
/// passphrase never), then HKDF into one key for AES-GCM and one for HMAC-SHA256. A stored field reads
/// `e1:` + base64(nonce ‖ ciphertext ‖ tag); a blocking key is the first 16 bytes of its HMAC, so equal keys still
/// meet in a block while the file shows neither names nor their sounds.
package struct FieldCipher: @unchecked Sendable {  // immutable keys; SymmetricKey is not marked Sendable
    private let encryptionKey: SymmetricKey
    /// HMAC-SHA256 (RFC 2104) with its inner and outer key blocks hashed once: each tag then costs two short hashes.
    private let innerState: SHA256
    private let outerState: SHA256

    /// The stored key-derivation parameters and a sealed check value that tells a wrong passphrase at once.
    struct Parameters: Codable, Sendable {
        var kdf = "scrypt"
        var n = 1 << 15
        var r = 8
        var p = 1
        var salt: String
        var check: String
    }

    private static let checkText = "SignatureKit"

    package init(master: SymmetricKey) {
        encryptionKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("sig-fields".utf8), outputByteCount: 32)
        let macKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("sig-blocking".utf8), outputByteCount: 32)
        let block = macKey.withUnsafeBytes { Array($0) } + [UInt8](repeating: 0, count: 32)  // 64-byte block
        var inner = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5C })
        innerState = inner
        outerState = outer
    }

    /// Derives the master key from a passphrase (about 0.1 s and 32 MB by design).
    static func master(passphrase: String, salt: Data, parameters: Parameters) throws -> SymmetricKey {
        try KDF.Scrypt.deriveKey(
            from: Data(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: parameters.n, blockSize: parameters.r,
            parallelism: parameters.p)
    }

    /// New parameters (random salt) and the cipher for a new passphrase.
    static func create(passphrase: String) throws -> (Parameters, FieldCipher) {
        let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
        var parameters = Parameters(salt: salt.base64EncodedString(), check: "")
        let cipher = FieldCipher(master: try master(passphrase: passphrase, salt: salt, parameters: parameters))
        parameters.check = cipher.seal(checkText)
        return (parameters, cipher)
    }

    /// The cipher for stored parameters, or `nil` when the passphrase does not open the check value.
    static func open(passphrase: String, parameters: Parameters) throws -> FieldCipher? {
        guard let salt = Data(base64Encoded: parameters.salt) else { return nil }
        let cipher = FieldCipher(master: try master(passphrase: passphrase, salt: salt, parameters: parameters))
        return (try? cipher.open(parameters.check)) == checkText ? cipher : nil
    }

    /// Encrypts one field; the empty string stays empty (a purged or missing field).
    package func seal(_ text: String) -> String {
        guard !text.isEmpty, let box = try? AES.GCM.seal(Data(text.utf8), using: encryptionKey), let combined = box.combined
        else { return text }
        return "e1:" + combined.base64EncodedString()
    }

    /// Decrypts one field.
    package func open(_ stored: String) throws -> String {
        guard stored.hasPrefix("e1:") else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(3))) else { throw SignatureKitError.wrongPassphrase }
        let box = try AES.GCM.SealedBox(combined: data)
        return String(decoding: try AES.GCM.open(box, using: encryptionKey), as: UTF8.self)
    }

    /// The signer fields of one sheet sealed together, with the keyed hashes of its blocking keys: computed on the
    /// import's parsing thread so the database thread only stores it.
    package struct SealedSheet: Sendable {
        package let blob: String
        package let surnameKey: String
        package let givenKey: String
        package let surnameCode: String
        package let givenCode: String
        package let addressKey: String
        package let birthKey: Int
    }

    static let separator: Character = "\u{1F}"

    /// Seals the signer fields (surname, given names, birth date, street, house number, postal code, city) and hashes
    /// the blocking keys.
    package func seal(_ input: SheetInput, keys: PersonKeys) -> SealedSheet {
        let fields = [input.surname, input.givenNames, input.birthDate.iso, input.street, input.houseNumber, input.postalCode, input.city]
        return SealedSheet(
            blob: seal(fields.joined(separator: String(Self.separator))), surnameKey: tag(keys.surname), givenKey: tag(keys.givenNames),
            surnameCode: tag(keys.surnameCode), givenCode: tag(keys.givenCode), addressKey: tag(keys.addressKey), birthKey: tag(keys.birthKey))
    }

    /// The seven signer fields of a sealed blob.
    package func openFields(_ blob: String) throws -> [String] {
        let parts = try open(blob).split(separator: Self.separator, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 7 else { throw SignatureKitError.wrongPassphrase }
        return parts
    }

    /// HMAC-SHA256 of `message`.
    func mac(_ message: Data) -> SHA256.Digest {
        var inner = innerState
        inner.update(data: message)
        var outer = outerState
        outer.update(data: Data(inner.finalize()))
        return outer.finalize()
    }

    /// A keyed hash of a blocking key (the first 9 bytes of its HMAC, 12 characters); empty stays empty.
    func tag(_ key: String) -> String {
        guard !key.isEmpty else { return key }
        return Data(mac(Data(key.utf8)).prefix(9)).base64EncodedString()
    }

    /// A keyed hash of the numeric birth key, as a positive 62-bit integer (it stays in an integer index).
    func tag(_ key: Int) -> Int {
        guard key != 0 else { return 0 }
        return Int(mac(Data(String(key).utf8)).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } >> 2)
    }
}
