import Foundation

/// A team member's account as lists show it (no password hash).
public struct Account: Sendable, Equatable, Codable {
    public var name: String
    public var role: AccountRole
    public var createdAt: String
    public var sessionEpoch: Int

    public init(name: String, role: AccountRole, createdAt: String, sessionEpoch: Int) {
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.sessionEpoch = sessionEpoch
    }
}

/// The account rules as pure functions, the same for every backend: how names compare, which names and passwords
/// are accepted.
public enum AccountPolicy {
    /// An account name as compared: NFC and case-folded ("Ünal" in NFC or NFD, "ORGA" and "orga" are one name).
    public static func key(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping.lowercased()
    }

    /// A new account's name: NFC and case-folded, 1 to 40 letters, digits, `.`, `-`, `_`, letters of one script only
    /// (a Cyrillic "о" in "оrga" is refused).
    ///
    /// - Throws: ``SignatureKitError/invalidField(field:reason:)`` for the field „Konto“.
    public static func checkedName(_ name: String) throws -> String {
        let key = key(name)
        guard (1...40).contains(key.count), key.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw SignatureKitError.invalidField(field: "Konto", reason: "1 bis 40 Buchstaben, Ziffern, Punkt, Strich oder Unterstrich")
        }
        let scripts = Set(key.unicodeScalars.filter(\.properties.isAlphabetic).map(script).filter { $0 != "combining" })
        guard scripts.count <= 1 else {
            throw SignatureKitError.invalidField(
                field: "Konto",
                reason: "Buchstaben aus verschiedenen Schriften (z. B. lateinisch und kyrillisch) sehen gleich aus; bitte nur eine Schrift")
        }
        return key
    }

    /// The script of a letter, coarsely: enough to tell look-alikes apart.
    static func script(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0041...0x024F, 0x1E00...0x1EFF: "latin"
        case 0x0370...0x03FF, 0x1F00...0x1FFF: "greek"
        case 0x0400...0x052F: "cyrillic"
        case 0x0300...0x036F: "combining"
        default: "other:\(scalar.value >> 8)"
        }
    }

    /// The shortest password accepted.
    public static let minimumPasswordLength = 10

    /// - Throws: ``SignatureKitError/invalidField(field:reason:)`` for the field „Passwort“.
    public static func checkPassword(_ password: String) throws {
        guard password.count >= minimumPasswordLength else {
            throw SignatureKitError.invalidField(field: "Passwort", reason: "mindestens \(minimumPasswordLength) Zeichen")
        }
    }
}
