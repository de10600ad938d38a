/// What happened to one sheet handed to the database.
public enum RecordOutcome: Sendable, Equatable {
    /// Stored, with its findings and the duplicates found.
    case stored(sheet: String, findings: [Finding], duplicates: [DuplicateNotice])
    /// The same sheet with the same content is already stored: nothing done.
    case alreadyPresent(sheet: String)
    /// The sheet number is stored with other content: nothing overwritten.
    case conflict(sheet: String)

    /// True when the sheet can count (stored without error finding and not a duplicate).
    public var canCount: Bool {
        guard case .stored(_, let findings, let dups) = self else { return false }
        return !findings.contains { $0.severity == .error } && !dups.contains { $0.kind == .duplicate || $0.invalidatesThis == true }
    }

    /// The sheet number.
    public var sheet: String {
        switch self {
        case .stored(let sheet, _, _), .alreadyPresent(let sheet), .conflict(let sheet): sheet
        }
    }

    /// The earlier sheet this one duplicates (counts once), if any.
    public var duplicateOf: String? {
        guard case .stored(_, _, let dups) = self else { return nil }
        return dups.first { $0.kind == .duplicate || $0.invalidatesThis == true }?.otherSheet
    }
}

/// A duplicate or conflict found for a new sheet, against an earlier sheet.
public struct DuplicateNotice: Sendable, Equatable, Codable {
    public var kind: PairClass
    public var otherSheet: String
    public var otherNomination: String
    public var score: Double
    public var reasons: [String]
    /// A conflict under the rule that the first signature counts (BWO § 34 Abs. 4 Nr. 4): `true` when this sheet is
    /// the later-signed one and no longer counts, `false` when the other one does not.
    public var invalidatesThis: Bool? = nil

    public init(kind: PairClass, otherSheet: String, otherNomination: String, score: Double, reasons: [String], invalidatesThis: Bool? = nil) {
        self.kind = kind
        self.otherSheet = otherSheet
        self.otherNomination = otherNomination
        self.score = score
        self.reasons = reasons
        self.invalidatesThis = invalidatesThis
    }

}

extension DuplicateNotice {
    /// A sheet's pairs as shown with it: under the first-signature rule each conflict says whether it is this sheet that
    /// no longer counts (the one whose `duplicateOf` names the other).
    public static func settled(_ pairs: [DuplicateNotice], conflicts: ConflictRule, duplicateOf: String?) -> [DuplicateNotice] {
        guard conflicts == .firstSignedCounts else { return pairs }
        return pairs.map { p in
            var p = p
            if p.kind == .conflict { p.invalidatesThis = p.otherSheet == duplicateOf }
            return p
        }
    }
}
