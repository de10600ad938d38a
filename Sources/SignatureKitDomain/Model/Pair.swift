/// How sure a match between two sheets is and whether both support the same nomination.
///
/// A *duplicate* is the same person twice on one nomination (counts once); a *conflict* is the same person on two
/// nominations of the same kind (both signatures may be void). *Possible* classes wait for a person's review.
public enum PairClass: String, Sendable, Codable, CaseIterable {
    /// Same person, same nomination, written the same: counts once.
    case duplicate
    /// Probably the same person, same nomination: waits for review.
    case possibleDuplicate = "possible-duplicate"
    /// Same person on another of our nominations of the same kind: both may be void.
    case conflict
    /// Probably the same person on another nomination of the same kind: waits for review.
    case possibleConflict = "possible-conflict"

    /// The class of a match: certain or probable, same nomination or not.
    public init(strength: MatchStrength, sameNomination: Bool) {
        switch (strength, sameNomination) {
        case (.certain, true): self = .duplicate
        case (.probable, true): self = .possibleDuplicate
        case (.certain, false): self = .conflict
        case (.probable, false): self = .possibleConflict
        }
    }

    /// Certain classes are settled without a person; possible ones wait for review.
    public var isCertain: Bool { self == .duplicate || self == .conflict }

    /// Conflicts concern two nominations; duplicates one.
    public var isConflict: Bool { self == .conflict || self == .possibleConflict }

    /// The class once a reviewer confirmed it (same person).
    public var confirmed: PairClass { isConflict ? .conflict : .duplicate }

    /// The decision a new pair of this class starts with.
    public var initialDecision: PairDecision { self == .duplicate ? .auto : .open }

    public var germanName: String {
        switch self {
        case .duplicate: "doppelt"
        case .possibleDuplicate: "möglicherweise doppelt"
        case .conflict: "Konflikt"
        case .possibleConflict: "möglicher Konflikt"
        }
    }
}

/// Where a stored pair stands.
public enum PairDecision: String, Sendable, Codable, CaseIterable {
    /// Certain duplicate, settled when it was found.
    case auto
    /// Waiting for a person.
    case open
    /// A person said: same person.
    case confirmed
    /// A person said: different people; the pair no longer matters.
    case dismissed
}

/// A reviewer's verdict on an open pair.
public enum ReviewDecision: String, Sendable {
    /// Same person: the later sheet counts as a duplicate (or the conflict stands).
    case confirmed
    /// Different people: the pair is closed.
    case dismissed

    package var pairDecision: PairDecision { self == .confirmed ? .confirmed : .dismissed }
}

extension PairClass {
    /// What a stored pair means now: its class after the decision, or `nil` when dismissed.
    public func after(_ decision: PairDecision) -> PairClass? {
        switch decision {
        case .dismissed: nil
        case .confirmed: confirmed
        case .auto, .open: self
        }
    }
}
