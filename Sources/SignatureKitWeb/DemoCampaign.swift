import Foundation
import SignatureKit

/// `sig-web --demo`: one account per role in the demo database (`DatabaseOptions.demo()`, shared with sig-report).
public enum DemoCampaign {
    /// The day the demo campaign stands on.
    public static let day = CalendarDay(year: 2025, month: 6, day: 30) ?? .today()

    /// One account per role with a fresh random password each start (so a demo left running is not open to anyone
    /// who read the README); existing demo accounts get the new password.
    public static func accounts(in db: SignatureDatabase) throws -> [(name: String, role: AccountRole, password: String)] {
        let wanted: [(String, AccountRole)] = [("sammler", .volunteer), ("orga", .organizer), ("vorstand", .board), ("admin", .admin)]
        return try wanted.map { name, role in
            let password = randomPassword()
            if try db.account(named: name) == nil {
                try db.addAccount(name, role: role, password: password, by: "sig-web --demo")
            } else {
                try db.setPassword(name, password: password, by: "sig-web --demo")
            }
            return (name, role, password)
        }
    }

    /// Twelve characters without look-alikes (no 0/O, 1/l/I).
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }
}
