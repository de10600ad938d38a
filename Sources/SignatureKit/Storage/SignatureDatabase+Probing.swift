import Foundation
import GRDB

extension SignatureDatabase {
    /// How often a volunteer may change name, birth date or address of one of their sheets.
    public static let identityChangesPerSheet = 2

    /// How many identity changes `user` made to `sheet` (from the audit record).
    static func identityChanges(_ db: Database, sheet: String, by user: String) throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT count(*) FROM audit WHERE action = 'correction:identity' AND user = ? AND sheets = ?", arguments: [user, sheet]) ?? 0
    }

    /// Accounts that were told of other sheets or changed identities, since `day`, most first (no personal data).
    public func probeSignals(since day: CalendarDay) throws -> [ProbeSignal] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT user, sum(action = 'read:duplicate-answer') AS answers, sum(action = 'correction:identity') AS changes FROM audit
                    WHERE action IN ('read:duplicate-answer', 'correction:identity') AND at >= ? GROUP BY user ORDER BY answers + changes DESC, user
                    """, arguments: [day.iso]
            ).map { ProbeSignal(account: $0["user"], duplicateAnswers: $0["answers"], identityChanges: $0["changes"]) }
        }
    }
}
