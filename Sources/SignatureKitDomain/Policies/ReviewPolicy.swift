/// What a reviewer's decision does, as pure functions both backends call inside their transaction.
public enum ReviewPolicy {
    /// After a decision on a pair of `kind`: whether the later sheet now counts as a duplicate of the earlier one
    /// (`nil`: decisions on this class leave the sheets as they are). Only an earlier sheet that can still count makes
    /// the later one a duplicate; dismissing lets it count on its own.
    public static func laterIsDuplicate(kind: PairClass, decision: ReviewDecision, earlierStatus: SheetStatus?) -> Bool? {
        guard kind == .possibleDuplicate else { return nil }
        let earlierAlive = earlierStatus.map { !SheetStatus.closed.contains($0) } ?? false
        return decision == .confirmed && earlierAlive
    }

    /// Keeping one sheet of a case: the other one, which is withdrawn.
    ///
    /// - Throws: ``SignatureKitError/invalidField(field:reason:)`` (field „behalten“) when `kept` is not in the case.
    public static func withdrawn(keeping kept: String, of sheets: [String], case id: Int64) throws -> String {
        let kept = kept.uppercased()
        guard sheets.contains(kept), let other = sheets.first(where: { $0 != kept }) else {
            throw SignatureKitError.invalidField(field: "behalten", reason: "\(kept) gehört nicht zu Fall \(id)")
        }
        return other
    }
}
