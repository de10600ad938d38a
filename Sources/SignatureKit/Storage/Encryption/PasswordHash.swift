import Crypto
import Foundation
import _CryptoExtras

/// Password hashes for team accounts: scrypt (memory-hard, stronger than bcrypt against GPUs), stored as
/// `scrypt$N$r$p$salt$hash` (base64); never the password itself.
package enum PasswordHash {
    /// Hashed against when a login names no account, so the time taken does not tell which names exist.
    package static let unknownAccount = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

    package static func make(_ password: String, n: Int = 1 << 14) throws -> String {
        let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
        let key = try KDF.Scrypt.deriveKey(from: Data(password.utf8), salt: salt, outputByteCount: 32, rounds: n, blockSize: 8, parallelism: 1)
        let hash = key.withUnsafeBytes { Data($0) }
        return "scrypt$\(n)$8$1$\(salt.base64EncodedString())$\(hash.base64EncodedString())"
    }

    /// Whether `password` matches `stored` (compared in constant time).
    package static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
            (1...(1 << 20)).contains(n), (1...32).contains(r), (1...4).contains(p),
            let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
            let key = try? KDF.Scrypt.deriveKey(
                from: Data(password.utf8), salt: salt, outputByteCount: expected.count, rounds: n, blockSize: r, parallelism: p)
        else { return false }
        let actual = key.withUnsafeBytes { Data($0) }
        guard actual.count == expected.count else { return false }
        return zip(actual, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
