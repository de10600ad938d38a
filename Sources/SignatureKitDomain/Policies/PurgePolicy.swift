/// When personal data may go: after the objection periods and a pending election review (``Election/purgeRule``).
public enum PurgePolicy {
    /// - Throws: ``SignatureKitError/purgeTooEarly(allowedFrom:reason:)`` before the first allowed day, unless forced.
    public static func check(today: CalendarDay, force: Bool, election: Election) throws {
        let rule = election.purgeRule
        guard force || today >= rule.day else { throw SignatureKitError.purgeTooEarly(allowedFrom: rule.day, reason: rule.reason) }
    }
}
