import Foundation
import SignatureKit

/// `sig-web --demo`: one account per role in the demo database (`DatabaseOptions.demo()`, shared with sig-report).
public enum DemoCampaign {
    /// The day the demo campaign stands on.
    public static let day = CalendarDay(year: 2025, month: 6, day: 30) ?? .today()

    /// One account per role with a fresh random password each start (so a demo left running is not open to anyone
    /// who read the README); existing demo accounts get the new password.
    public static func accounts(in store: any AccountStore) async throws -> [(name: String, role: AccountRole, password: String)] {
        let wanted: [(String, AccountRole)] = [("sammler", .volunteer), ("orga", .organizer), ("vorstand", .board), ("admin", .admin)]
        let demo = Actor(account: "sig-web --demo", role: .admin)
        var out: [(name: String, role: AccountRole, password: String)] = []
        for (name, role) in wanted {
            let password = randomPassword()
            if try await store.findAccount(name) == nil {
                try await store.addAccount(name, role: role, password: password, by: demo)
            } else {
                try await store.setPassword(name, password: password, by: demo)
            }
            out.append((name, role, password))
        }
        return out
    }

    /// Twelve characters without look-alikes (no 0/O, 1/l/I).
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }
}
